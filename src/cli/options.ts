// The flags and extension commands that are not in the operation table, as data: the global
// options, the per-operation CLI options, and kms's own command groups. Program, help, man
// pages and completions all read them from here.

export interface OptionSpec {
  /** The long flag without its value, e.g. --region */
  flag: string;
  /** The value placeholder, e.g. <region>; undefined for a switch; [type] for an optional value */
  value?: string;
  choices?: readonly string[];
  defaultValue?: string;
  description: string;
}

export const OUTPUT_FORMATS = ['json', 'text', 'table', 'yaml', 'yaml-stream'] as const;

/** Global options, as the AWS CLI v2 has them (plus --passphrase-file, kms's own). */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flag: '--region', value: '<region>', description: 'the region whose keys to use (else AWS_REGION, AWS_DEFAULT_REGION, the region setting, us-east-1)' },
  { flag: '--output', value: '<format>', choices: OUTPUT_FORMATS, description: 'the output format (else the output setting, json)' },
  { flag: '--query', value: '<jmespath>', description: 'a JMESPath query applied to the response before it is printed' },
  { flag: '--profile', value: '<name>', description: 'accepted for compatibility with aws; kms has one set of settings' },
  { flag: '--endpoint-url', value: '<url>', description: 'send the call to a running `kms serve` instead of opening the keyring' },
  { flag: '--no-paginate', description: 'make one call only, without automatic pagination' },
  { flag: '--debug', description: 'log what kms does to stderr (never secrets, plaintext or key material)' },
  { flag: '--color', value: '<when>', choices: ['on', 'off', 'auto'], description: 'colour in output (NO_COLOR turns it off)' },
  { flag: '--no-cli-pager', description: 'accepted for compatibility with aws v2; kms never pages' },
  { flag: '--cli-binary-format', value: '<format>', choices: ['base64', 'raw-in-base64-out'], description: 'how blob values given as text are read (default base64)' },
  { flag: '--passphrase-file', value: '<path>', description: 'read the keyring passphrase from the first line of this file' },
  { flag: '--no-verify-ssl', description: 'do not verify the certificate of an https endpoint; kms warns that the calls can then be read and changed on the way' },
  { flag: '--no-sign-request', description: 'accepted for compatibility with aws' },
  { flag: '--ca-bundle', value: '<path>', description: 'trust the CAs in this PEM file for an https endpoint; else AWS_CA_BUNDLE, or NODE_EXTRA_CA_CERTS added to the default CAs' },
  { flag: '--cli-read-timeout', value: '<seconds>', description: 'accepted for compatibility with aws' },
  { flag: '--cli-connect-timeout', value: '<seconds>', description: 'accepted for compatibility with aws' },
  { flag: '--version', description: 'print the versions of kms, Node.js and the system in one line, as aws --version does, and exit' },
];

/** Options every operation command has besides its members' flags. */
export const OPERATION_OPTIONS: readonly OptionSpec[] = [
  { flag: '--cli-input-json', value: '<json>', description: 'read the parameters from JSON text or file://path; flags given too take precedence' },
  { flag: '--cli-input-yaml', value: '<yaml>', description: 'read the parameters from YAML text or file://path; flags given too take precedence' },
  {
    flag: '--generate-cli-skeleton',
    value: '[type]',
    choices: ['input', 'output', 'yaml-input'],
    description: 'print a skeleton of the parameters (input, yaml-input) or of the response (output) and exit',
  },
];

/** Options of operations that have a paginator. */
export const PAGINATION_OPTIONS: readonly OptionSpec[] = [
  { flag: '--starting-token', value: '<token>', description: 'where to resume a listing: the NextToken printed by an earlier call' },
  { flag: '--page-size', value: '<n>', description: 'how many items to ask for per underlying call (does not change what is printed)' },
  { flag: '--max-items', value: '<n>', description: 'how many items to print in all; NextToken then marks where to resume' },
];

/**
 * The pagination options of an operation with `paginator`: without botocore's limit_key there is
 * no --page-size (awscli's paginate.py adds it only with one).
 */
export function pagingOptions(paginator: { limitKey?: string } | undefined): readonly OptionSpec[] {
  if (!paginator) return [];
  return paginator.limitKey === undefined ? PAGINATION_OPTIONS.filter((o) => o.flag !== '--page-size') : PAGINATION_OPTIONS;
}

/**
 * True when an input member's flag is one of the pagination options (IAM's MaxItems is
 * `--max-items`): as awscli's paginate.py replaces that argument with its own, the member gets no
 * flag of its own on a paginated operation.
 */
export function shadowedByPaging(paginated: boolean, flag: string): boolean {
  return paginated && PAGINATION_OPTIONS.some((p) => p.flag === `--${flag}`);
}

export interface ExtensionCommand {
  /** e.g. ['keyring', 'init'] */
  path: readonly string[];
  description: string;
  args?: readonly { name: string; description: string; variadic?: boolean; optional?: boolean }[];
  options: readonly OptionSpec[];
}

/** Options the `kms x509` commands share. */
const X509_OPTIONS = {
  key: { flag: '--key-id', value: '<key>', description: 'the SIGN_VERIFY key: id, ARN, alias name or alias ARN (required)' },
  san: { flag: '--san', value: '<names>', description: 'subject alternative names: DNS:name,IP:address,URI:uri,email:address' },
  days: { flag: '--validity-days', value: '<n>', description: 'days from now (the engine\'s clock) the certificate is valid, 1..36500 (default 365)' },
  algorithm: {
    flag: '--signing-algorithm',
    value: '<algorithm>',
    description: 'the key\'s Sign algorithm (default: RSASSA_PKCS1_V1_5_SHA_256 for RSA keys, the one algorithm of the others)',
  },
  out: { flag: '--out', value: '<file>', description: 'write the PEM to this file instead of stdout' },
} satisfies Record<string, OptionSpec>;

/** kms's own commands, under names no `aws kms` verb can take. */
export const EXTENSION_COMMANDS: readonly ExtensionCommand[] = [
  {
    path: ['keyring', 'init'],
    description: 'create the keyring, asking for a passphrase (twice on a terminal)',
    options: [
      { flag: '--kdf-cost', value: '<log2n>', description: 'scrypt cost as log2 of N, 10..20 (default 17); values below 15 are for tests only' },
      {
        flag: '--deterministic',
        value: '<seed>',
        description:
          'for tests only: new key ids, key material and ciphertexts follow from this seed and the calls made, so a test suite run twice ' +
          'against two fresh keyrings gets the same ones (README "Deterministic test keyrings"); files only, never a team keyring',
      },
    ],
  },
  {
    path: ['keyring', 'info'],
    description: 'show the keyring path, format version, KDF parameters, key count and whether it is deterministic (no secrets)',
    options: [],
  },
  {
    path: ['keyring', 'change-passphrase'],
    description: 're-wrap the master key under a new passphrase; keys and sessions are untouched',
    options: [
      { flag: '--new-passphrase-file', value: '<path>', description: 'read the new passphrase from this file (else KMS_NEW_PASSPHRASE, else a prompt)' },
      { flag: '--kdf-cost', value: '<log2n>', description: 'a new scrypt cost (log2 N); the current one is kept otherwise' },
    ],
  },
  {
    path: ['keyring', 'unlock'],
    description: 'start an unlocked session that skips the KDF: eval "$(kms keyring unlock --duration 15m)"',
    options: [
      { flag: '--duration', value: '<time>', defaultValue: '15m', description: 'how long the session lasts: 30s, 15m, 1h, 2h30m (at most 24h)' },
      { flag: '--no-agent', description: 'start no kms agent: every call of the session opens the keyring itself (docs/agent.md)' },
    ],
  },
  {
    path: ['keyring', 'lock'],
    description: 'end the session named by KMS_SESSION (or every session of the keyring with --all)',
    options: [{ flag: '--all', description: 'end every session of this keyring' }],
  },
  {
    path: ['keyring', 'backup'],
    description:
      'copy the keyring, while other processes use it, into a new file that opens with the same passphrase ' +
      '(SQLite\'s online backup; the copy is checked before it takes its name)',
    args: [{ name: 'file', description: 'the new file (refused if it exists)' }],
    options: [],
  },
  {
    path: ['keyring', 'copy'],
    description:
      'copy a whole keyring between a file and a PostgreSQL database (postgresql:// URL), either way: the sealed records and ' +
      'the header as they are, from one snapshot; the copy is read back and compared, and opens with the same passphrase',
    options: [
      { flag: '--from', value: '<keyring>', description: 'the keyring to copy: a file path or a postgresql:// URL (required)' },
      { flag: '--to', value: '<keyring>', description: 'where to copy it: a new file, or a database (schema) without a keyring (required)' },
    ],
  },
  {
    path: ['keyring', 'seed'],
    description:
      'make the keys and aliases a seed file names (local-kms\'s YAML or JSON seed format; README "Keys you can count on in tests"), ' +
      'in one transaction; those already there are left as they are, so it is safe to run at every start',
    args: [{ name: 'file', description: 'the seed file' }],
    options: [],
  },
  {
    path: ['keyring', 'verify'],
    description:
      'check the whole keyring: the file\'s structure, that every record opens under its name and every key\'s material ' +
      'unwraps; names the first damaged record (exit 253) (needs the passphrase or a session)',
    options: [],
  },
  {
    path: ['serve'],
    description: 'serve the KMS JSON API (AWS SDKs, the aws CLI) from this keyring over HTTP, signed with SigV4',
    options: [
      { flag: '--host', value: '<address>', defaultValue: '127.0.0.1', description: 'the address to listen on (loopback by default)' },
      { flag: '--port', value: '<n>', defaultValue: '4599', description: 'the TCP port; 0 picks a free one (printed on the first stdout line)' },
      { flag: '--credentials', value: '<file>', description: 'more access keys requests may be signed with (JSON or ~/.aws/credentials INI; an entry may name its principal); keys the keyring issued are always accepted' },
      { flag: '--no-auth', description: 'accept unsigned requests (any local process can then use the keys)' },
      { flag: '--allow-clock-override', description: 'run even when KMS_NOW or KMS_CLOCK_OFFSET moves the clock (tests only)' },
      { flag: '--seed', value: '<file>', description: 'apply this seed file (as `kms keyring seed`) before listening; keys and aliases already there are left as they are' },
    ],
  },
  {
    path: ['encrypt-stream'],
    description:
      'encrypt a file or pipe of any size (envelope encryption, AES-256-GCM frames): a symmetric key makes a data key ' +
      'with GenerateDataKey; an RSA or SM2 ENCRYPT_DECRYPT key (or --public-key alone, no keyring needed) wraps a random ' +
      'one with RSAES_OAEP_SHA_256 or SM2PKE. Decrypting always needs kms and the keyring (decrypt-stream)',
    options: [
      { flag: '--key-id', value: '<key>', description: 'the key: id, ARN, alias name or alias ARN (required); with --public-key, the key ARN to name in the header' },
      { flag: '--encryption-context', value: '<context>', description: 'key=value,... or JSON: authenticated with the data, needed again to decrypt a symmetric key\'s data key' },
      { flag: '--public-key', value: '<fileb://path>', description: 'the RSA or SM2 public key (DER, as get-public-key gives it): encrypt without opening the keyring' },
      { flag: '--in', value: '<file>', description: 'the plaintext to read (default stdin)' },
      { flag: '--out', value: '<file>', description: 'where to write the ciphertext (default stdout, never a terminal unless --armor)' },
      { flag: '--armor', description: 'write base64 text between BEGIN/END lines instead of binary' },
      { flag: '--frame-size', value: '<bytes>', description: 'plaintext bytes per authenticated frame, 256..4194304 (default 524288, chosen by measurement)' },
    ],
  },
  {
    path: ['decrypt-stream'],
    description:
      'decrypt what encrypt-stream wrote: the header names the key, Decrypt unwraps the data key; plaintext is written ' +
      'frame by frame, each only after its tag verifies, and a truncated or altered stream fails (exit 255)',
    options: [
      { flag: '--key-id', value: '<key>', description: 'require the stream to be encrypted under this key (id, ARN, alias name or alias ARN)' },
      { flag: '--encryption-context', value: '<context>', description: 'require these entries (key=value,... or JSON) in the stream\'s encryption context' },
      { flag: '--in', value: '<file>', description: 'the ciphertext to read (default stdin, never a terminal)' },
      { flag: '--out', value: '<file>', description: 'where to write the plaintext (default stdout); a regular file is removed again if decryption fails' },
      { flag: '--armor', description: 'read the base64 text form that encrypt-stream --armor writes' },
    ],
  },
  {
    path: ['x509', 'create-csr'],
    description:
      'print a PEM PKCS#10 certificate request for a KMS asymmetric key: its public key (GetPublicKey), signed by the key ' +
      'itself through Sign, so the private key never leaves the keyring (README "Certificates from KMS keys")',
    options: [
      X509_OPTIONS.key,
      { flag: '--subject', value: '<name>', description: 'the subject: "CN=app.example,O=Example,C=US" (RFC 4514) or "/C=US/O=Example/CN=app.example" (openssl) (required)' },
      X509_OPTIONS.san,
      X509_OPTIONS.algorithm,
      X509_OPTIONS.out,
    ],
  },
  {
    path: ['x509', 'self-sign'],
    description:
      'print a self-signed root CA certificate for a KMS asymmetric key, signed by the key through Sign: basicConstraints ' +
      'cA (critical), keyUsage keyCertSign and cRLSign, subject and authority key identifiers',
    options: [
      X509_OPTIONS.key,
      { flag: '--subject', value: '<name>', description: 'the subject (and issuer): "CN=Example Root,O=Example" or "/O=Example/CN=Example Root" (required)' },
      X509_OPTIONS.san,
      X509_OPTIONS.days,
      { flag: '--path-length', value: '<n>', description: 'how many CA certificates may follow below it (basicConstraints pathLenConstraint)' },
      X509_OPTIONS.algorithm,
      X509_OPTIONS.out,
    ],
  },
  {
    path: ['x509', 'create-certificate'],
    description:
      'issue an X.509 certificate for a PKCS#10 request (from kms x509 create-csr or openssl req), signed by a KMS key ' +
      'through Sign; the request\'s own signature is checked first',
    options: [
      { ...X509_OPTIONS.key, description: 'the issuer\'s SIGN_VERIFY key: id, ARN, alias name or alias ARN (required)' },
      { flag: '--csr', value: '<fileb://path>', description: 'the request, PEM or DER (required)' },
      { flag: '--issuer-certificate', value: '<fileb://path>', description: 'the issuer\'s CA certificate (its subject becomes the issuer); leave out only for a request of the issuer\'s own key' },
      X509_OPTIONS.days,
      { flag: '--ca', description: 'make a CA certificate (basicConstraints cA, keyUsage keyCertSign and cRLSign unless --key-usage says)' },
      { flag: '--path-length', value: '<n>', description: 'with --ca: how many CA certificates may follow below it' },
      { flag: '--key-usage', value: '<names>', description: 'keyUsage bits, comma-separated: digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, encipherOnly, decipherOnly' },
      { flag: '--extended-key-usage', value: '<names>', description: 'key purposes, comma-separated: serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning' },
      X509_OPTIONS.san,
      { flag: '--copy-san', description: 'put the subject alternative names the request asks for in the certificate (when --san is not given)' },
      X509_OPTIONS.algorithm,
      X509_OPTIONS.out,
    ],
  },
  {
    path: ['configure'],
    description: 'show or change settings (region, output, account, keyring, cli_binary_format)',
    args: [
      { name: 'action', description: 'list, get, set or unset' },
      { name: 'args', description: 'the setting name, and for set its value', variadic: true, optional: true },
    ],
    options: [],
  },
  // The aws CLI's CloudFormation customizations (awscli/customizations/cloudformation, waiters.py)
  {
    path: ['cloudformation', 'deploy'],
    description: 'create or update a stack from a template file through a change set, and wait for it (as aws cloudformation deploy)',
    options: [
      { flag: '--template-file', value: '<path>', description: 'the template file (YAML or JSON, at most 51,200 bytes) (required)' },
      { flag: '--stack-name', value: '<name>', description: 'the stack to create, or to update when it exists (required)' },
      { flag: '--parameter-overrides', value: '<value...>', description: 'parameter values as Key=Value, or a JSON file (file://) of them; others keep their previous value' },
      { flag: '--capabilities', value: '<value...>', description: 'capabilities to acknowledge (accepted; KMS stacks need none)' },
      { flag: '--no-execute-changeset', description: 'make the change set and print how to review it, without running it' },
      { flag: '--disable-rollback', description: 'keep what was made when running the change set fails' },
      { flag: '--no-disable-rollback', description: 'roll back when running the change set fails (the default)' },
      { flag: '--role-arn', value: '<arn>', description: 'a role for the stack (kept and shown; calls run as the caller)' },
      { flag: '--notification-arns', value: '<value...>', description: 'SNS topics for the stack (kept and shown; nothing is sent)' },
      { flag: '--fail-on-empty-changeset', description: 'exit 255 when there is nothing to change' },
      { flag: '--no-fail-on-empty-changeset', description: 'exit 0 when there is nothing to change (the default, as in AWS CLI v2)' },
      { flag: '--tags', value: '<value...>', description: 'stack tags as Key=Value, given to its resources too' },
      { flag: '--s3-bucket', value: '<bucket>', description: 'accepted for compatibility with aws; kms sends templates by body' },
      { flag: '--s3-prefix', value: '<prefix>', description: 'accepted for compatibility with aws' },
      { flag: '--kms-key-id', value: '<key>', description: 'accepted for compatibility with aws' },
      { flag: '--force-upload', description: 'accepted for compatibility with aws' },
    ],
  },
  ...(
    [
      ['stack-create-complete', 'until the stack is CREATE_COMPLETE (or fails)'],
      ['stack-update-complete', 'until the stack is UPDATE_COMPLETE (or fails)'],
      ['stack-delete-complete', 'until the stack is DELETE_COMPLETE or gone (or fails)'],
      ['stack-exists', 'until the stack exists'],
      ['change-set-create-complete', 'until the change set is CREATE_COMPLETE (or FAILED)'],
    ] as const
  ).map(([name, what]) => ({
    path: ['cloudformation', 'wait', name],
    description: `wait ${what}; exit 255 on a failure state (as aws cloudformation wait)`,
    options: [
      ...(name === 'change-set-create-complete' ? [{ flag: '--change-set-name', value: '<name>', description: 'the change set: its name (with --stack-name) or id (required)' }] : []),
      { flag: '--stack-name', value: '<name>', description: 'the stack: its name or id' + (name === 'change-set-create-complete' ? '' : ' (required)') },
    ],
  })),
];
