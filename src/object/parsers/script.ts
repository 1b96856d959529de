// Kind `script`, the replacement for Tengo scripts (SPEC §5.5). The operator's TS/JS module
// exports `parse(input)`; it receives the inputs a Tengo script had as globals (request URL,
// bucket configuration, object with the transforms API) and returns the parent path.
//
// Modules are imported once, before the server accepts requests (loadScripts), because URL
// resolution is synchronous: `parse` must be a plain, non-async function.

import { pathToFileURL } from 'node:url';
import { MortError } from '../../errors.ts';
import { TransformRecord } from '../../transforms/index.ts';
import type { TransformShape } from '../config-shape.ts';
import {
  bucketConfigOf,
  scriptUrl,
  transformsApi,
  type ScriptInput,
  type ScriptObject,
  type ScriptOutput,
  type ScriptParse,
} from './script-input.ts';
import type { KindContext, KindResult } from './types.ts';

export type {
  ScriptBucketConfig,
  ScriptInput,
  ScriptObject,
  ScriptOutput,
  ScriptParse,
  ScriptPreset,
  ScriptTransforms,
  ScriptUrl,
} from './script-input.ts';

// config/ adds `scriptPath` to the transform shape resolution reads; only this kind needs it.
interface ScriptTransformShape extends TransformShape {
  readonly scriptPath?: string | undefined;
}

/** The part of a configuration loadScripts reads (config/'s MortConfig fits). */
export interface ScriptConfigShape {
  readonly buckets: Readonly<
    Record<string, { readonly transform?: { readonly kind: string } | undefined }>
  >;
}

const loaded = new Map<string, ScriptParse>();

/**
 * Imports the module of every `kind: script` bucket (each path once) and checks that it
 * exports a synchronous `parse`. Call before serving; rejects with a message naming the
 * bucket when a module fails to load, so start-up can stop.
 */
export async function loadScripts(config: ScriptConfigShape): Promise<void> {
  for (const [name, bucket] of Object.entries(config.buckets)) {
    const transform = bucket.transform as ScriptTransformShape | undefined;
    if (transform?.kind !== 'script' || !transform.scriptPath) continue;
    if (loaded.has(transform.scriptPath)) continue;

    const path = transform.scriptPath;
    let module: { parse?: unknown };
    try {
      module = await import(pathToFileURL(path).href);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`buckets.${name}.transform.scriptPath: cannot load ${path}: ${reason}`);
    }

    const { parse } = module;
    if (typeof parse !== 'function' || parse.constructor.name === 'AsyncFunction') {
      throw new Error(
        `buckets.${name}.transform.scriptPath: ${path} must export a synchronous function parse`,
      );
    }
    loaded.set(path, parse as ScriptParse);
  }
}

/** Runs the bucket's script for one request or parent (SPEC §5.5). */
export function parseScript(context: KindContext): KindResult {
  const transform = context.transform as ScriptTransformShape;
  const parse = transform.scriptPath ? loaded.get(transform.scriptPath) : undefined;
  if (parse === undefined) {
    throw new MortError('internal', 'transform script not loaded', {
      detail: `${context.bucketName}: call loadScripts before serving`,
    });
  }

  const record = new TransformRecord();
  const uri = scriptUrl(context);
  const obj: ScriptObject = {
    uri,
    bucket: context.bucketName,
    key: context.key,
    transforms: transformsApi(record),
    allowChangeKey: !context.isParent,
    checkParent: transform.checkParent ?? false,
    debug: false,
  };

  const output = runScript(parse, { url: uri, bucketConfig: bucketConfigOf(context), obj });
  const parent = parentOf(output);
  const flags = {
    allowChangeKey: Boolean(obj.allowChangeKey),
    checkParent: Boolean(obj.checkParent),
  };
  return { ...(parent === undefined ? {} : { parent }), transforms: record, ...flags };
}

function runScript(parse: ScriptParse, input: ScriptInput): ScriptOutput {
  let output: unknown;
  try {
    output = parse(input);
  } catch (err) {
    // Setter errors are 400s with safe messages; anything else may carry paths or stack text.
    if (err instanceof MortError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new MortError('bad_request', 'script error', { detail });
  }

  if (output === undefined || output === null) return {};
  if (typeof output !== 'object') throw scriptBug('parse must return an object');
  if (typeof (output as { then?: unknown }).then === 'function') {
    throw scriptBug('parse must not be async');
  }

  const { error } = output as ScriptOutput;
  if (error !== undefined && error !== null) {
    throw new MortError('bad_request', 'script rejected the request', { detail: String(error) });
  }
  return output as ScriptOutput;
}

// Mistakes in the operator's module, not the client's request: 500, details for the log.
function scriptBug(detail: string): MortError {
  return new MortError('internal', 'transform script failed', { detail });
}

/** The parent path, verbatim (no `parentBucket` handling, §5.5); `""` means none. */
function parentOf(output: ScriptOutput): string | undefined {
  const { parent } = output;
  if (parent === undefined || parent === null || parent === '') return undefined;
  if (typeof parent !== 'string') throw scriptBug('parent must be a string');

  return parent;
}
