// Registers the kinds that live in their own modules (SPEC §4.2): `cloudinary` and `script`,
// the Tengo replacement. Imported for its effect by the folder's index.ts.

import { parseCloudinary } from './cloudinary.ts';
import { registerKindParser } from './registry.ts';
import { parseScript } from './script.ts';

registerKindParser('cloudinary', parseCloudinary);
registerKindParser('script', parseScript);
