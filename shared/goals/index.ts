// Goals co-set by the customer and the vendor's reps: the workflow and the progress, pure, no I/O.
export * from './workflow.ts';
export * from './progress.ts';
