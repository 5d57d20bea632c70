import { router } from '../openapi.js';
import { controlJob } from './control.js';
import { jobFile } from './file.js';
import { uploadJob } from './upload.js';

/** Mounted under `/machines`: sending a job and steering it. */
export const machineJobs = router().route('/', uploadJob).route('/', controlJob);
/** Mounted under `/jobs`: the file a gateway fetches. */
export const jobs = router().route('/', jobFile);
