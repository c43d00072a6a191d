// The part of markdown-it's interface the tests use (the package ships no types).
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
  }
  export default class MarkdownIt {
    constructor(options?: Options);
    render(markdown: string): string;
  }
}
