{
  "targets": [
    {
      "target_name": "pipe_size",
      "sources": [
        "native/pipe_size.c"
      ],
      "cflags": [
        "-O2",
        "-Wall",
        "-Wextra"
      ]
    },
    {
      "target_name": "frame_gcm",
      "sources": [
        "native/frame_gcm.c"
      ],
      "cflags": [
        "-O2",
        "-Wall",
        "-Wextra"
      ]
    },
    {
      "target_name": "agent",
      "sources": [
        "native/agent.c"
      ],
      "cflags": [
        "-O2",
        "-Wall",
        "-Wextra"
      ]
    },
    {
      "target_name": "kms-client",
      "type": "executable",
      "sources": [
        "native/kms_client.c"
      ],
      "cflags": [
        "-O2",
        "-Wall",
        "-Wextra"
      ]
    }
  ]
}
