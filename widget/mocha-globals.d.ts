// Mocha's globals, which @web/test-runner provides to every test file. @types/mocha is not a dependency
// of the project (it would be the better source: add it and delete this file); these declarations cover
// what the widget tests use.
type MochaTest = (this: unknown) => void | Promise<unknown>;

declare global {
  function describe(title: string, suite: () => void): void;
  function it(title: string, test: MochaTest): void;
  function before(hook: MochaTest): void;
  function after(hook: MochaTest): void;
  function beforeEach(hook: MochaTest): void;
  function afterEach(hook: MochaTest): void;
}

export {};
