// Preloaded into each service by `npm run bench -- --profile` (NODE_OPTIONS=--require ...):
// a V8 CPU profile of the whole process, written to $BENCH_PROFILE_DIR when it exits.
// (--cpu-prof itself is not allowed in NODE_OPTIONS.) Open the files in Chrome DevTools.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // The in-process session answers synchronously, so this works in an exit handler.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      const name = `${process.env.KAFKA_CLIENT_ID ?? 'node'}-${process.pid}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
