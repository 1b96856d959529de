// Public surface of URL → object resolution (SPEC §4). Other folders import only this file.

import './parsers/builtin.ts';

export type { BucketShape, ConfigShape, StorageShape, TransformShape } from './config-shape.ts';
export { parentPathFrom } from './parsers/parent-path.ts';
export { matchPath, type PathGroups } from './parsers/match-path.ts';
export { kindParser, registerKindParser } from './parsers/registry.ts';
export { parseCloudinaryNotation } from './parsers/cloudinary-notation.ts';
export {
  loadScripts,
  type ScriptInput,
  type ScriptOutput,
  type ScriptParse,
} from './parsers/script.ts';
export type { KindContext, KindParser, KindResult } from './parsers/types.ts';
export { cleanPath, decodeRequestPath, pathJoin, splitPath } from './path.ts';
export {
  MAX_PARENT_DEPTH,
  resolveDecodedPath,
  resolveObject,
  resultKeyScheme,
} from './resolve.ts';
export { withNegotiatedFormat } from './format.ts';
export { memoizedResolver } from './memo.ts';
export { hashParentResultKey, hashResultKey, resultKey, type KeyedObject } from './result-key.ts';
export {
  chainRecords,
  hasTransforms,
  NOOP_STORAGE,
  topParent,
  type MortObject,
  type StorageRef,
} from './types.ts';
