// The KMS API (2014-11-01) as one table, assembled from the shapes-*.ts and operations-*.ts data.
// Must stay cheap to import: data only (the CLI reads it at every start).
import { shapeOf } from '../../../api/model.js';
import type { ServiceModel, Shape, ShapeRef } from '../../../api/types.js';
import { adminOperations } from './operations-admin.js';
import { cryptoOperations } from './operations-crypto.js';
import { keyOperations } from './operations-keys.js';
import { adminShapes } from './shapes-admin.js';
import { commonShapes } from './shapes-common.js';
import { cryptoShapes } from './shapes-crypto.js';
import { datakeyShapes } from './shapes-datakeys.js';
import { enumShapes } from './shapes-enums.js';
import { errorShapes } from './shapes-errors.js';
import { grantShapes } from './shapes-grants.js';
import { keyShapes } from './shapes-keys.js';
import { rotationShapes } from './shapes-rotation.js';
import { scalarShapes } from './shapes-scalars.js';
import { storeShapes } from './shapes-stores.js';

export const model: ServiceModel = {
  id: 'kms',
  fullName: 'AWS Key Management Service',
  abbreviation: 'KMS',
  apiVersion: '2014-11-01',
  protocol: 'json',
  jsonVersion: '1.1',
  targetPrefix: 'TrentService',
  errorNamespace: 'http://internal.amazon.com/coral/com.amazonaws.kms/',
  shapes: {
    ...scalarShapes,
    ...enumShapes,
    ...commonShapes,
    ...keyShapes,
    ...rotationShapes,
    ...cryptoShapes,
    ...datakeyShapes,
    ...grantShapes,
    ...storeShapes,
    ...adminShapes,
    ...errorShapes,
  },
  // Operations in the model's alphabetical order, as `aws kms help` lists them.
  operations: Object.fromEntries(
    Object.entries({ ...keyOperations, ...cryptoOperations, ...adminOperations }).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  ),
};

/** A KMS shape by name (shapeOf over this table). */
export function shape(ref: ShapeRef): Shape {
  return shapeOf(model, ref);
}
