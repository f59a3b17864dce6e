{
  "targets": [
    {
      "target_name": "pipe_size",
      "sources": ["native/pipe_size.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
