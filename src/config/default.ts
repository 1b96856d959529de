// The configuration used when no --config is given: a local demo that works out of the box.

/** Embedded default mort.yml; parse it with `parseConfig` like any other file. */
export const DEFAULT_CONFIG_YAML = `
server:
  listen: "127.0.0.1:8080"
  internalListen: "127.0.0.1:8081"

headers:
  - statusCodes: [200]
    values:
      cache-control: "max-age=86400, public"
  - statusCodes: [404, 400]
    values:
      cache-control: "max-age=60, public"

buckets:
  demo:
    transform:
      kind: "presets-query"
      # /demo/<preset>/<file> renders <file> of this bucket with <preset>;
      # anything else falls back to query parameters (/demo/a.jpg?width=300).
      path: "^/(?P<presetName>[a-z0-9_]+)/(?P<parent>.+)$"
      parentBucket: "demo"
      presets:
        small:
          filters:
            thumbnail: { width: 150 }
        medium:
          filters:
            thumbnail: { width: 600 }
        webp:
          format: webp
          filters:
            thumbnail: { width: 600 }
        blur:
          filters:
            thumbnail: { width: 600 }
            blur: { sigma: 5 }
        crop:
          filters:
            crop: { width: 300, height: 300, gravity: smart }
    storages:
      basic:
        kind: "local-meta"
        rootPath: "./data"
      transform:
        kind: "local-meta"
        rootPath: "./data/.transforms"
`;
