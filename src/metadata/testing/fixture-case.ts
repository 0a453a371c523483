// How every contract case runs: on a fresh fixture from the suite's `setup`, cleaned up whatever the
// case's outcome.
export function fixtureCase<F extends { cleanup(): Promise<void> }>(setup: () => Promise<F>) {
  return (work: (fixture: F) => Promise<void>) => async () => {
    const fixture = await setup();
    try {
      await work(fixture);
    } finally {
      await fixture.cleanup();
    }
  };
}
