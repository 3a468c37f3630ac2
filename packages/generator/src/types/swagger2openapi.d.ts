/** The part of swagger2openapi's (untyped) API the OpenAPI adapter uses. */
declare module 'swagger2openapi' {
  interface ConvertOptions {
    /** Fix small, well-known Swagger 2.0 defects instead of failing. */
    patch?: boolean;
    /** Report problems as warnings (the adapter validates the result itself). */
    warnOnly?: boolean;
    /** Resolve external $refs; the adapter reads one local file. */
    resolve?: boolean;
  }
  interface ConvertResult {
    openapi: Record<string, unknown>;
  }
  const converter: { convertObj(swagger: Record<string, unknown>, options: ConvertOptions): Promise<ConvertResult> };
  export default converter;
}
