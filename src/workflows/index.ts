// The workflow bundle's entry point.
export { batchJobWorkflow } from './batch-job-workflow';
