// Writer port: prose written by a language model from data opsbot gathered (a postmortem's narrative).
// Whatever it writes is checked by the caller before anyone sees it (src/tools/cited-figures.ts).

/** What to write, and the only data it may be written from (given to the model as data, never as instructions). */
export interface WritingRequest {
  task: string;
  data: string;
}

/** Writes prose from data; absent when no model is configured. */
export interface WriterPort {
  write(request: WritingRequest): Promise<string>;
}
