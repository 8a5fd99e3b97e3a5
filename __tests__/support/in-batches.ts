// Runs jobs at most `limit` at a time: the suites that spawn CLI processes
// share two cores with the rest of jest.

export async function inBatches(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
