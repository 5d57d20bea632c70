import { router } from '../openapi.js';
import { controlJob } from './control.js';
import { jobFile } from './file.js';
import { uploadJob } from './upload.js';

/** Mounted under `/machines`: sending a job and steering it. */
export const machineJobs = (
  deps: Parameters<typeof uploadJob>[0] & Parameters<typeof controlJob>[0],
) => router().route('/', uploadJob(deps)).route('/', controlJob(deps));

/** Mounted under `/jobs`: the file a gateway fetches. */
export const jobs = (deps: Parameters<typeof jobFile>[0]) => router().route('/', jobFile(deps));
