// docs/soak.md from one soak run's result (test/soak/run.mjs): the machine, the load, the checks
// and the figures per operation. Text only; no I/O here.

const mark = (ok) => (ok ? 'pass' : '**FAIL**');

export function markdown(r, knobs) {
  const c = r.checks;
  const lines = [
    '# Soak test of `kms serve`',
    '',
    `Run by \`npm run soak\` (test/soak/run.mjs) on ${r.date.slice(0, 10)} (${r.date}).`,
    '',
    `Machine: ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memGiB} GiB, Linux ${r.machine.kernel}, Node ${r.machine.node}. ` +
      'The clients run in one Node process on the same machine as the server, so they share its cores.',
    '',
    `Load: ${r.clients} clients (SOAK_CLIENTS), each with one keep-alive connection over loopback, sending SigV4-signed ` +
      `requests back to back for ${r.seconds} s (SOAK_SECONDS=${knobs.SECONDS}, at most SOAK_MAX_OPS=${knobs.MAX_OPS} requests), ` +
      `a fixed weighted mix of ${r.operations.length} operations (below). RSS is compared from the end of a ${knobs.WARMUP_SECONDS} s warm-up, ` +
      'as the median of the samples (one a second) in a window after warm-up and in the last window of the run. The keyring is a ' +
      'fresh file; every call writes its audit (CloudTrail) record into it, as `kms serve` always does.',
    '',
    '## Checks',
    '',
    '| check | result | |',
    '| --- | --- | --- |',
    `| errors not caused by the client (5xx, wrong answers, lost connections, internal errors logged) | ${r.serverErrors} | ${mark(c.noServerErrors)} |`,
    `| server RSS after warm-up → at the end | ${r.rssMiB.warm} MiB → ${r.rssMiB.end} MiB (${r.rssMiB.growthPercent >= 0 ? '+' : ''}${r.rssMiB.growthPercent}%, limit +10%) | ${mark(c.rssGrowthUnder10Percent)} |`,
    `| server file descriptors before the load → after it (clients disconnected) | ${r.fds.before} → ${r.fds.after} | ${mark(c.fdsStable)} |`,
    `| SIGTERM after the run | exit ${r.shutdown.exit} in ${r.shutdown.ms} ms | ${mark(c.cleanShutdown)} |`,
    '',
    '## Figures',
    '',
    '| | |',
    '| --- | --- |',
    `| requests | ${r.ops.toLocaleString('en-US')} (${r.opsPerSecond.toLocaleString('en-US')}/s) |`,
    `| client errors provoked on purpose (each got its exact 4xx) | ${r.clientErrors.toLocaleString('en-US')} |`,
    `| latency p50 / p99 / max | ${r.latencyMs.p50} ms / ${r.latencyMs.p99} ms / ${r.latencyMs.max} ms |`,
    `| server file descriptors under load (after warm-up / at the end) | ${r.fds.warm} / ${r.fds.endUnderLoad} |`,
    `| keyring file at the end (with its WAL) | ${r.keyringMiB} MiB, about ${Math.round((r.keyringMiB * 1024) / Math.max(1, r.ops) * 10) / 10} KiB per request: each call's audit record stays for the trail's retention (90 days by default) |`,
    `| request log lines written by the server | ${r.serverLogLines.toLocaleString('en-US')} |`,
    '',
    '## Operations',
    '',
    'A "+" operation is two requests; latency is per request, measured by the client.',
    '',
    '| operation | count | p50 | p99 | client errors (on purpose) | server-caused errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.operations.map((o) => `| ${o.name} | ${o.count.toLocaleString('en-US')} | ${o.p50} ms | ${o.p99} ms | ${o.clientErrors} | ${o.errors} |`),
    '',
  ];
  if (r.errorSamples.length) lines.push('## Errors (first few)', '', ...r.errorSamples.map((e) => `- \`${e}\``), '');
  return lines.join('\n');
}
