// What the EventTracker and Runtime.fromCampaign need from Node: a file for the tracker's buffer
// (storePath, by default .edgerec/events-TRACKINGID.snapshot in the working directory) and timers
// that do not keep the process alive (what is not uploaded at exit stays in the file for the next
// run; a campaign's revalidation stops with the process).

import { join } from 'node:path';

import { FileEventStore } from './event-store-file.js';

export const nodePlatform = {
  openStore: ({ trackingId, storePath }) =>
    FileEventStore.open(storePath ?? join(process.cwd(), '.edgerec', `events-${trackingId.replace(/[^A-Za-z0-9._-]/g, '_')}.snapshot`)),
  locks: () => null,
  timers: true,
  unref: (timer) => timer?.unref?.(),
};
