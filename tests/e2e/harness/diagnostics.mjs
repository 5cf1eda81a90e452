// Collects what to show when a test fails: server logs, screenshots, console errors, peer output.
// Sources are objects with `describeFailure(label) -> Promise<string | undefined>`.
export class FailureReport {
  #sources = [];

  /** Registers a source and returns it, so `report.add(await startProsody())` reads naturally. */
  add(source) {
    this.#sources.push(source);
    return source;
  }

  remove(source) {
    this.#sources = this.#sources.filter((item) => item !== source);
  }

  async print(label) {
    for (const source of this.#sources) {
      try {
        const text = await source.describeFailure(label);
        if (text) console.error(`==== ${label} ====\n${text}`);
      } catch (error) {
        console.error(`==== ${label}: could not collect diagnostics: ${error.message}`);
      }
    }
  }

  /** Wraps a node:test function: on failure, prints every source's diagnostics, then rethrows. */
  wrap(fn) {
    return async (t) => {
      try {
        return await fn(t);
      } catch (error) {
        await this.print(t.name);
        throw error;
      }
    };
  }
}
