/**
 * A quick test that a VM certainly passes the plan schema's `vm` definition: true only where
 * the schema's validator would report nothing for it, false where it might report something
 * (then the validator reads the VM itself). It is written for the definition as the schema
 * has it; a schema whose VM, guest or disk is defined otherwise gets no test at all.
 */
export type VmTest = (vm: unknown) => boolean;

type Json = Readonly<Record<string, unknown>>;

/** Keywords that describe a value and never make the validator report. */
const ANNOTATIONS = new Set(['$comment', 'title', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'deprecationMessage', 'default', 'examples']);

/** Stands in the expected definitions for an `enum` of strings, whatever they are. */
const STRINGS = Symbol('an enum of strings');

/** The largest whole number a JSON number is read as exactly: the schema's `maximum` of every count and amount. */
const MOST = Number.MAX_SAFE_INTEGER;

const INTEGER_FROM_0 = { type: 'integer', minimum: 0, maximum: MOST };
const NAME = { type: 'string', minLength: 1 };

/** The definitions the test is written for, annotations left out. */
const EXPECTED: Json = {
  vm: {
    type: 'object',
    required: ['name', 'host', 'guest', 'vcpus', 'memoryGB'],
    additionalProperties: false,
    properties: {
      name: NAME,
      host: NAME,
      guest: { $ref: '#/definitions/guest' },
      vcpus: { type: 'integer', minimum: 1, maximum: MOST },
      memoryGB: { type: 'number', exclusiveMinimum: 0, maximum: MOST },
      disks: { type: 'array', items: { $ref: '#/definitions/disk' } },
      nics: INTEGER_FROM_0,
      legacyNics: INTEGER_FROM_0,
      snapshots: INTEGER_FROM_0,
      migration: { enum: STRINGS },
      highlyAvailable: { type: 'boolean' },
      suppress: { type: 'array', uniqueItems: true, items: { type: 'string', $ref: '#/definitions/ruleCode' } },
    },
  },
  guest: {
    type: 'object',
    required: ['os'],
    additionalProperties: false,
    properties: { os: { enum: STRINGS }, arch: { enum: STRINGS }, integrationComponents: { type: 'boolean' } },
  },
  disk: {
    type: 'object',
    required: ['sizeGB'],
    additionalProperties: false,
    properties: { sizeGB: { type: 'number', exclusiveMinimum: 0, maximum: MOST }, bus: { enum: STRINGS }, passthrough: { type: 'boolean' } },
  },
  ruleCode: { enum: STRINGS },
};

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `actual` is `expected` but for annotations, each enum of strings it meets kept in
 * `enums` under its path.
 */
function matches(actual: unknown, expected: unknown, path: string, enums: Map<string, ReadonlySet<string>>): boolean {
  if (expected === STRINGS) {
    if (!Array.isArray(actual) || !actual.every((item) => typeof item === 'string')) return false;
    enums.set(path, new Set(actual as string[]));
    return true;
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matches(actual[i], item, `${path}/${i}`, enums));
  if (!isObject(expected)) return actual === expected;
  if (!isObject(actual)) return false;
  const keys = Object.keys(actual).filter((key) => !ANNOTATIONS.has(key) || path.endsWith('/properties'));
  if (keys.length !== Object.keys(expected).length) return false;
  return keys.every((key) => Object.hasOwn(expected, key) && matches(actual[key], expected[key], `${path}/${key}`, enums));
}

const tests = new WeakMap<object, VmTest | null>();

/** The quick test for the VMs of a plan schema, or undefined when its definitions are not the ones it is written for. */
export function vmTestOf(schema: object): VmTest | undefined {
  let test = tests.get(schema);
  if (test === undefined) {
    const definitions = (schema as Json).definitions;
    const enums = new Map<string, ReadonlySet<string>>();
    const known = isObject(definitions) && Object.keys(EXPECTED).every((name) => matches(definitions[name], EXPECTED[name], name, enums));
    test = known ? vmTest(enums) : null;
    tests.set(schema, test);
  }
  return test ?? undefined;
}

const isInteger = (value: unknown, minimum: number): boolean => Number.isInteger(value) && (value as number) >= minimum && (value as number) <= MOST;
const isPositive = (value: unknown): boolean => typeof value === 'number' && value > 0 && value <= MOST;
// A string of one UTF-16 unit or more has one character or more, however they are counted.
const isName = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

function vmTest(enums: Map<string, ReadonlySet<string>>): VmTest {
  const migrations = enums.get('vm/properties/migration/enum')!;
  const systems = enums.get('guest/properties/os/enum')!;
  const arches = enums.get('guest/properties/arch/enum')!;
  const buses = enums.get('disk/properties/bus/enum')!;
  const codes = enums.get('ruleCode/enum')!;
  const oneOf = (set: ReadonlySet<string>, value: unknown) => typeof value === 'string' && set.has(value);

  const guestPasses = (guest: unknown): boolean => {
    if (!isObject(guest)) return false;
    let os = false;
    for (const key in guest) {
      const value = guest[key];
      if (key === 'os') {
        if (!oneOf(systems, value)) return false;
        os = true;
      } else if (key === 'arch') {
        if (!oneOf(arches, value)) return false;
      } else if (key === 'integrationComponents') {
        if (typeof value !== 'boolean') return false;
      } else return false;
    }
    return os;
  };

  const diskPasses = (disk: unknown): boolean => {
    if (!isObject(disk)) return false;
    let size = false;
    for (const key in disk) {
      const value = disk[key];
      if (key === 'sizeGB') {
        if (!isPositive(value)) return false;
        size = true;
      } else if (key === 'bus') {
        if (!oneOf(buses, value)) return false;
      } else if (key === 'passthrough') {
        if (typeof value !== 'boolean') return false;
      } else return false;
    }
    return size;
  };

  const codesPass = (list: unknown): boolean => {
    if (!Array.isArray(list)) return false;
    for (let i = 0; i < list.length; i++) {
      if (!oneOf(codes, list[i])) return false;
      for (let j = 0; j < i; j++) if (list[j] === list[i]) return false;
    }
    return true;
  };

  return (vm) => {
    if (!isObject(vm)) return false;
    // The five required properties, each counted once: an object's keys are distinct.
    let required = 0;
    for (const key in vm) {
      const value = vm[key];
      switch (key) {
        case 'name':
        case 'host':
          if (!isName(value)) return false;
          required++;
          break;
        case 'guest':
          if (!guestPasses(value)) return false;
          required++;
          break;
        case 'vcpus':
          if (!isInteger(value, 1)) return false;
          required++;
          break;
        case 'memoryGB':
          if (!isPositive(value)) return false;
          required++;
          break;
        case 'disks':
          if (!Array.isArray(value)) return false;
          for (let i = 0; i < value.length; i++) if (!diskPasses(value[i])) return false;
          break;
        case 'nics':
        case 'legacyNics':
        case 'snapshots':
          if (!isInteger(value, 0)) return false;
          break;
        case 'migration':
          if (!oneOf(migrations, value)) return false;
          break;
        case 'highlyAvailable':
          if (typeof value !== 'boolean') return false;
          break;
        case 'suppress':
          if (!codesPass(value)) return false;
          break;
        default:
          return false;
      }
    }
    return required === 5;
  };
}
