/** The plan schema's validator, compiled at build time (esbuild.mjs). */
declare module 'virtplan:plan-validator' {
  import type { ValidateFunction } from 'ajv';
  const validate: ValidateFunction;
  export default validate;
  /** JSON.stringify of the schema it was compiled from. */
  export const source: string;
}
