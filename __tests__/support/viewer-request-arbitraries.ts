// fast-check arbitraries of viewer-request events for the edge functions'
// property tests: well-formed header maps and uris mixed with malformed
// entries, maps, uris, methods and events. Each suite brings the parts its
// function reads (header names and values, path segments, query strings,
// methods) and how often the well-formed shapes come up.
import fc from "fast-check";

export interface ViewerRequestParts {
  headerNames: fc.Arbitrary<string>;
  headerValues: fc.Arbitrary<string>;
  segment: fc.Arbitrary<string>;
  querystrings: fc.Arbitrary<unknown>;
  methods: fc.Arbitrary<unknown>;
  /** Weight of a well-formed header entry, against 1 for each malformed kind. */
  entryWeight: number;
  /** Weight of a header map, against 1 for anything else. */
  headerMapWeight: number;
  /** Weight of a uri made of segments, against 1 for each malformed kind. */
  segmentedUriWeight: number;
  /** Most segments in such a uri. */
  maxSegments: number;
}

/** The request record of a viewer-request event, any field possibly missing or malformed. */
export function viewerRequests(parts: ViewerRequestParts): fc.Arbitrary<Record<string, unknown>> {
  const headerEntry = fc.oneof(
    {
      weight: parts.entryWeight,
      arbitrary: fc.record({ key: parts.headerNames, value: parts.headerValues }),
    },
    { weight: 1, arbitrary: fc.record({ value: parts.headerValues }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
  );
  const headers = fc.oneof(
    {
      weight: parts.headerMapWeight,
      arbitrary: fc.dictionary(parts.headerNames, fc.array(headerEntry, { maxLength: 3 })),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
  const uris = fc.oneof(
    {
      weight: parts.segmentedUriWeight,
      arbitrary: fc
        .array(parts.segment, { maxLength: parts.maxSegments })
        .map((s) => "/" + s.join("/")),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
  );
  return fc.record(
    {
      uri: uris,
      querystring: parts.querystrings,
      method: parts.methods,
      headers,
      clientIp: fc.string(),
    },
    { requiredKeys: [] },
  );
}

/** `request` in a viewer-request event, as CloudFront nests it. */
export const inViewerEvent = (request: unknown) => ({
  Records: [{ cf: { config: {}, request } }],
});

/** `request` one level too high: a malformed event. */
export const inMisnestedEvent = (request: unknown) => ({ Records: [{ cf: request }] });
