import { capacityRules } from './capacity';
import { clusterRules } from './clusters';
import { diskRules } from './disks';
import { failoverRules } from './failover';
import { featureRules } from './features';
import { hardwareRules } from './hardware';
import { licensingRules } from './licensing';
import { migrationRules } from './migration';
import { namesRules } from './names';
import { productRules } from './product';
import type { Rule } from './rule';
import { storageRules } from './storage';
import { vmRules } from './vm';

/** Every semantic rule, by family. `parse-error` and `schema` come from the parser and the schema. */
export const ALL_RULES: readonly Rule[] = [
  ...namesRules,
  ...productRules,
  ...hardwareRules,
  ...capacityRules,
  ...featureRules,
  ...vmRules,
  ...diskRules,
  ...migrationRules,
  ...clusterRules,
  ...licensingRules,
  ...storageRules,
  ...failoverRules,
];
