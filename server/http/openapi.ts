import { z } from 'zod';
import {
  zApiError,
  zAuthConfig,
  zConnector,
  zConnectorInput,
  zContainerRecord,
  zCreatedInvite,
  zDecision,
  zDecisionInput,
  zDecisionTransition,
  zDevice,
  zDigestAnswer,
  zDigestQuery,
  zDigestSettings,
  zDigestSettingsAnswer,
  zGoal,
  zGoalInput,
  zGoalPatch,
  zHealth,
  zImportRun,
  zInvite,
  zInviteCreate,
  zItem,
  zItemInput,
  zItemPatch,
  zLink,
  zLinkInput,
  zListPage,
  zMe,
  zMutationBatch,
  zMutationBatchResult,
  zNote,
  zNoteInput,
  zOwnershipRule,
  zOwnershipRuleInput,
  zOwnershipRulePatch,
  zPerson,
  zPersonPatch,
  zPullPage,
  zRuleSuggestion,
  zSignedIn,
  zSuggestionDecisionResults,
  zSuggestionDecisions,
  zSuggestionStatus,
  zTeam,
  zTeamInput,
  zTeamPatch,
  zTokenExchange,
  zTool,
  zUserRename,
  zVersion,
  zWorkspaceRename,
} from '../../utils/contract.ts';
import { zCreatedToken, zTokenCreate, zTokenInfo } from '../routes/tokens.ts';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // A transform's output has no JSON Schema of its own (zEmail lower-cases): it is described by what it takes.
    override: (context) => {
      const def = context.zodSchema._zod.def as {
        type: string;
        in?: z.ZodType;
        out?: { _zod: { def: { type: string } } };
      };
      if (io === 'output' && def.type === 'pipe' && def.in && def.out?._zod.def.type === 'transform') {
        const { $schema: _inner, ...input } = z.toJSONSchema(def.in, { io: 'input', unrepresentable: 'any' });
        Object.assign(context.jsonSchema, input);
      }
    },
  });
  return json;
};

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const pageParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];
const withBaseVersion = (patch: z.ZodObject) => patch.extend({ baseVersion: zVersion });

/**
 * The errors an operation can answer, each a `{ error: { code, message } }` under `components.responses`: the codes
 * behind each status are those of `server/http/errors.ts`. Every operation also has `default` (500, 503).
 */
const errorResponses = {
  BadRequest: { status: 400, description: 'The request does not validate (`invalid_request`, `invalid_json`)' },
  Unauthorized: { status: 401, description: 'No token, or a token that is unknown or revoked (`unauthorized`)' },
  Forbidden: { status: 403, description: "The caller's role may not do this (`forbidden`)" },
  NotFound: { status: 404, description: 'Not found, or in another workspace (`not_found`)' },
  Conflict: {
    status: 409,
    description:
      'The write conflicts with the stored state: a stale `baseVersion`, a taken slug, a link that exists, a move the status does not allow, a cycle or a reference (`stale_version`, `slug_taken`, `referenced`, ...)',
  },
  PayloadTooLarge: { status: 413, description: 'The body is larger than the server takes (`payload_too_large`)' },
  Unprocessable: {
    status: 422,
    description:
      'Too many item keys, or a mutation id reused for another write (`too_many_items`, `idempotency_mismatch`)',
  },
  TooManyRequests: {
    status: 429,
    description: 'Over the per-token rate limit (`rate_limited`); retry after `Retry-After` seconds',
    retryAfter: true,
  },
} as const;
type ErrorName = keyof typeof errorResponses;

const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
};

function errorComponents() {
  const body = json(toSchema(zApiError, 'output'));
  const responses: Record<string, unknown> = Object.fromEntries(
    Object.entries(errorResponses).map(([name, { description, ...rest }]) => [
      name,
      { description, ...('retryAfter' in rest ? { headers: retryAfterHeader } : {}), ...body },
    ]),
  );
  responses.ServerError = {
    description:
      'The server failed (`internal`, 500) or PostgreSQL is unreachable (`unavailable`, 503 with `Retry-After`)',
    headers: retryAfterHeader,
    ...body,
  };
  return responses;
}

/** What an operation may answer besides its success: which errors follow from its inputs and whether it writes. */
interface Answers {
  /** Takes parameters or a body that can fail validation. */
  input?: boolean;
  /** Names one thing (a path id, a key) that may not exist. */
  member?: boolean;
  /** Changes data: roles, conflicts and body sizes apply. */
  write?: boolean;
  /** Only some roles may call it (every write is, too). */
  restricted?: boolean;
  /** Open to anyone (no token). */
  open?: boolean;
}

function errorsFor(answers: Answers): ErrorName[] {
  const names: ErrorName[] = [];
  if (answers.input || answers.write) names.push('BadRequest');
  if (!answers.open) names.push('Unauthorized');
  if (answers.write || answers.restricted) names.push('Forbidden');
  if (answers.member) names.push('NotFound');
  if (answers.write) names.push('Conflict', 'PayloadTooLarge', 'Unprocessable');
  if (!answers.open) names.push('TooManyRequests');
  return names;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  responses: Record<string, unknown>;
  [key: string]: unknown;
}

/** One operation: its id and summary, its success responses, and the error responses its answers imply. */
function operation(
  base: { operationId: string; summary: string; tag: string; description?: string; [key: string]: unknown },
  success: Record<string, unknown>,
  answers: Answers = {},
): Operation {
  const { tag, ...rest } = base;
  const errors = Object.fromEntries(
    errorsFor(answers).map((name) => [String(errorResponses[name].status), { $ref: `#/components/responses/${name}` }]),
  );
  return {
    ...rest,
    tags: [tag],
    ...(answers.open ? { security: [] } : {}),
    responses: { ...success, ...errors, default: { $ref: '#/components/responses/ServerError' } },
  };
}

interface Resource {
  path: string;
  tag: string;
  /** How a summary names one and many: `a team`, `teams`; operation ids are built from `id` (`Team`, `Teams`). */
  one: string;
  many: string;
  id: string;
  entity: z.ZodType;
  input?: z.ZodType;
  patch?: z.ZodObject;
  deletable?: 'versioned' | 'unversioned';
  filters: string[];
}

const resources: Resource[] = [
  {
    path: '/v1/teams',
    tag: 'teams',
    one: 'a team',
    many: 'teams',
    id: 'Team',
    entity: zTeam,
    input: zTeamInput,
    patch: zTeamPatch,
    deletable: 'versioned',
    filters: ['parentTeamId'],
  },
  {
    path: '/v1/goals',
    tag: 'goals',
    one: 'a goal',
    many: 'goals',
    id: 'Goal',
    entity: zGoal,
    input: zGoalInput,
    patch: zGoalPatch,
    deletable: 'versioned',
    filters: ['teamId', 'parentGoalId', 'status'],
  },
  {
    path: '/v1/decisions',
    tag: 'decisions',
    one: 'a decision',
    many: 'decisions',
    id: 'Decision',
    entity: zDecision,
    input: zDecisionInput,
    filters: ['teamId', 'goalId', 'itemKey', 'status'],
  },
  {
    path: '/v1/notes',
    tag: 'notes',
    one: 'a note',
    many: 'notes',
    id: 'Note',
    entity: zNote,
    input: zNoteInput,
    filters: ['teamId', 'goalId', 'itemKey'],
  },
  {
    path: '/v1/items',
    tag: 'items',
    one: 'an item',
    many: 'items',
    id: 'Item',
    entity: zItem,
    input: zItemInput,
    patch: zItemPatch,
    filters: ['tool', 'key'],
  },
  {
    path: '/v1/links',
    tag: 'links',
    one: 'a link',
    many: 'links',
    id: 'Link',
    entity: zLink,
    input: zLinkInput,
    deletable: 'unversioned',
    filters: ['itemKey', 'kind', 'teamId', 'goalId'],
  },
  {
    path: '/v1/rules',
    tag: 'rules',
    one: 'an ownership rule',
    many: 'ownership rules',
    id: 'Rule',
    entity: zOwnershipRule,
    input: zOwnershipRuleInput,
    patch: zOwnershipRulePatch,
    deletable: 'versioned',
    filters: ['tool', 'teamId'],
  },
];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function resourcePaths(resource: Resource): Record<string, unknown> {
  const entity = toSchema(resource.entity, 'output');
  const { tag, one, many, id } = resource;
  const collection: Record<string, unknown> = {
    get: operation(
      {
        operationId: `list${id}s`,
        summary: `List ${many}`,
        tag,
        parameters: [
          ...pageParameters,
          ...resource.filters.map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        ],
      },
      { 200: { description: 'A page', ...json(toSchema(zListPage(resource.entity), 'output')) } },
      { input: true },
    ),
  };
  if (resource.input) {
    collection.post = operation(
      {
        operationId: `create${id}`,
        summary: `Create ${one}`,
        tag,
        requestBody: { required: true, ...json(toSchema(resource.input, 'input')) },
      },
      { 201: { description: 'Created', ...json(entity) } },
      { write: true },
    );
  }
  const member: Record<string, unknown> = {
    parameters: [idParameter],
    get: operation(
      { operationId: `get${id}`, summary: `Get ${one}`, tag },
      { 200: { description: 'Found', ...json(entity) } },
      { input: true, member: true },
    ),
  };
  if (resource.patch) {
    member.patch = operation(
      {
        operationId: `update${id}`,
        summary: `Update ${one}`,
        description: 'Send the `baseVersion` you read; a stale one is a 409 `stale_version`, never a silent overwrite.',
        tag,
        requestBody: { required: true, ...json(toSchema(withBaseVersion(resource.patch), 'input')) },
      },
      { 200: { description: 'Updated', ...json(entity) } },
      { write: true, member: true },
    );
  }
  if (resource.deletable) {
    member.delete = operation(
      {
        operationId: `delete${id}`,
        summary: `Delete ${one}`,
        tag,
        parameters:
          resource.deletable === 'versioned'
            ? [{ name: 'baseVersion', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }]
            : [],
      },
      { 204: { description: 'Deleted' } },
      { write: true, member: true },
    );
  }
  return { [resource.path]: collection, [`${resource.path}/{id}`]: member };
}

const tags = [
  { name: 'meta', description: 'Health, this document, the caller and the workspace' },
  { name: 'sync', description: 'The pull feed and the mutation batch that every Hallway extension mirrors' },
  { name: 'teams', description: 'Teams and their members (admins write)' },
  { name: 'goals', description: 'The goal tree: owner team, parent goal, status and progress' },
  { name: 'decisions', description: 'Append-only decisions and their lifecycle moves' },
  { name: 'notes', description: 'Notes about an item, apart from decisions' },
  { name: 'items', description: 'Work items of Notion, Asana, Jira and Gmail, upserted by their key' },
  { name: 'links', description: "An item's owning team, its goal and its related items" },
  { name: 'rules', description: 'Ownership rules: a container pattern of a tool to a team (admins write)' },
  { name: 'tokens', description: 'API tokens (admins)' },
  { name: 'sign-in', description: "Signing in through the team's identity provider or an invite, and signing out" },
  { name: 'people', description: 'People, their devices and invites' },
  {
    name: 'connectors',
    description: 'Connectors to Jira, Asana and Notion (admins): imports, the containers they found, rule suggestions',
  },
];

/** Where the interactive reference is served (`server/http/reference.ts`). */
export const REFERENCE_PATH = '/reference';

/** Routes that serve pages for people, not the API: the reference, its script, and the page an invite link opens. */
export const PAGES_OUTSIDE_THE_API = [REFERENCE_PATH, `${REFERENCE_PATH}/scalar.js`, '/invite'];

/**
 * The OpenAPI document, generated from the same zod schemas that validate the requests. Its only server is the one
 * that serves it (`/`): a self-hosted server has no address of its own to name. Every route of `createApp` is in
 * it and nothing else (`server/http/openapi.test.ts`), and it passes Redocly's recommended rules.
 */
export function buildOpenApi(version: string) {
  const decision = toSchema(zDecision, 'output');
  const me = toSchema(zMe, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hallway work-graph API',
      version,
      description: `Teams, goals, decisions, items, links and ownership rules of one workspace, and the sync feed the Hallway extension mirrors. Send an API token as \`Authorization: Bearer hw_…\`; every error is \`{ "error": { "code", "message" } }\`. An interactive reference is at \`${REFERENCE_PATH}\`.`,
    },
    servers: [{ url: '/', description: 'The Hallway server that serves this document' }],
    tags,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API or device token' } },
      responses: errorComponents(),
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: operation(
          { operationId: 'getHealth', summary: 'Check that the server is up', tag: 'meta' },
          { 200: { description: 'Healthy', ...json(toSchema(zHealth, 'output')) } },
          { open: true },
        ),
      },
      '/v1/openapi.json': {
        get: operation(
          { operationId: 'getOpenApiDocument', summary: 'This OpenAPI document', tag: 'meta' },
          { 200: { description: 'The document', ...json({ type: 'object' }) } },
          { open: true },
        ),
      },
      '/v1/me': {
        get: operation(
          { operationId: 'getMe', summary: 'Who the caller is, in which workspace', tag: 'meta' },
          { 200: { description: 'The caller', ...json(me) } },
        ),
        patch: operation(
          {
            operationId: 'renameMe',
            summary: 'Rename the caller',
            description: 'Renames the caller; what they wrote before keeps the name it was written with.',
            tag: 'meta',
            requestBody: { required: true, ...json(toSchema(zUserRename, 'input')) },
          },
          { 200: { description: 'The caller, renamed', ...json(me) } },
          { write: true },
        ),
      },
      '/v1/workspace': {
        patch: operation(
          {
            operationId: 'renameWorkspace',
            summary: 'Rename the workspace',
            description: 'Renames the workspace (admins).',
            tag: 'meta',
            requestBody: { required: true, ...json(toSchema(zWorkspaceRename, 'input')) },
          },
          { 200: { description: 'The caller, in the renamed workspace', ...json(me) } },
          { write: true },
        ),
      },
      '/v1/sync': {
        get: operation(
          {
            operationId: 'pullChanges',
            summary: 'Pull the changes after a cursor',
            description: 'Upserts and tombstones in commit order; keep `cursor` and ask again while `hasMore`.',
            tag: 'sync',
            parameters: [
              { name: 'cursor', in: 'query', schema: { type: 'string', pattern: '^\\d{1,19}$' } },
              { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
            ],
          },
          {
            200: {
              description: 'Changes after the cursor',
              headers: {
                Link: {
                  description: 'The next page (rel="next"), present while `hasMore` is true',
                  schema: { type: 'string' },
                },
              },
              ...json(toSchema(zPullPage, 'output')),
            },
          },
          { input: true },
        ),
      },
      '/v1/events': {
        get: operation(
          {
            operationId: 'streamEvents',
            summary: 'Stream pokes after each committed write',
            description:
              'Server-Sent Events: `retry:` once, then `event: poke` with `id: <seq>` and `data: {"seq":"<seq>"}` (the ' +
              "workspace's newest seq) at once and after each committed write, and comment heartbeats. Nothing else: " +
              'pull /v1/sync when the seq is past your cursor. A few streams per token (429 beyond); closed when the ' +
              'token is revoked and when the server stops.',
            tag: 'sync',
            parameters: [
              {
                name: 'Last-Event-ID',
                in: 'header',
                description: 'The last seq received; the first poke is skipped while it is current',
                schema: { type: 'string', pattern: '^\\d{1,19}$' },
              },
            ],
          },
          {
            200: {
              description: 'The event stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
          },
          { input: true },
        ),
      },
      '/v1/mutations': {
        post: operation(
          {
            operationId: 'pushMutations',
            summary: 'Push a batch of mutations',
            description:
              'Each mutation is applied once by its `mutationId` (a retry answers `duplicate`) and gets its own result: one refused mutation never blocks the others.',
            tag: 'sync',
            requestBody: { required: true, ...json(toSchema(zMutationBatch, 'input')) },
          },
          { 200: { description: 'One result per mutation', ...json(toSchema(zMutationBatchResult, 'output')) } },
          { write: true },
        ),
      },
      ...Object.assign({}, ...resources.map(resourcePaths)),
      ...Object.fromEntries(
        zDecisionTransition.options.map((transition) => [
          `/v1/decisions/{id}/${transition}`,
          {
            parameters: [idParameter],
            post: operation(
              {
                operationId: `${transition}Decision`,
                summary: `${capitalized(transition)} a decision`,
                description: 'Recorded with the caller and the server time; a move its status does not allow is a 409.',
                tag: 'decisions',
              },
              { 200: { description: 'Moved', ...json(decision) } },
              { write: true, member: true },
            ),
          },
        ]),
      ),
      '/v1/items/by-key': {
        get: operation(
          {
            operationId: 'getItemByKey',
            summary: 'Find an item by its key',
            tag: 'items',
            parameters: [{ name: 'key', in: 'query', required: true, schema: { type: 'string' } }],
          },
          { 200: { description: 'Found', ...json(toSchema(zItem, 'output')) } },
          { input: true, member: true },
        ),
      },
      '/v1/tokens': {
        get: operation(
          { operationId: 'listTokens', summary: 'List API tokens', tag: 'tokens' },
          { 200: { description: 'Tokens', ...json(toSchema(zListPage(zTokenInfo), 'output')) } },
          { restricted: true },
        ),
        post: operation(
          {
            operationId: 'createToken',
            summary: 'Create an API token',
            description: 'The token is in the answer once; only its hash is stored.',
            tag: 'tokens',
            requestBody: { required: true, ...json(toSchema(zTokenCreate, 'input')) },
          },
          { 201: { description: 'The token, shown once', ...json(toSchema(zCreatedToken, 'output')) } },
          { write: true },
        ),
      },
      '/v1/tokens/{id}': {
        parameters: [idParameter],
        delete: operation(
          { operationId: 'revokeToken', summary: 'Revoke an API token', tag: 'tokens' },
          { 204: { description: 'Revoked' } },
          { write: true, member: true },
        ),
      },
      ...signInPaths(),
      ...connectorPaths(),
    },
  };
}

const startParameters = [
  { name: 'redirect_uri', in: 'query', required: true, schema: { type: 'string' } },
  { name: 'code_challenge', in: 'query', required: true, schema: { type: 'string' } },
  { name: 'code_challenge_method', in: 'query', required: true, schema: { type: 'string', enum: ['S256'] } },
  { name: 'state', in: 'query', required: true, schema: { type: 'string' } },
];
const toExtension = {
  302: { description: 'To the extension: `?code=&state=`, or `?error=&error_description=&state=`' },
};

/** Sign-in, people, devices and invites (issue 14); see "Sign-in" in server/README.md. */
function signInPaths(): Record<string, unknown> {
  const tag = 'sign-in';
  const people = 'people';
  const formBody = {
    required: true,
    content: {
      'application/x-www-form-urlencoded': {
        schema: {
          type: 'object',
          required: ['state', 'name', 'email'],
          properties: { state: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' } },
        },
      },
    },
  };
  return {
    '/v1/auth/config': {
      get: operation(
        { operationId: 'getAuthConfig', summary: 'What sign-in the server offers', tag },
        { 200: { description: 'What the server offers', ...json(toSchema(zAuthConfig, 'output')) } },
        { open: true },
      ),
    },
    '/v1/auth/oidc/start': {
      get: operation(
        {
          operationId: 'startOidcSignIn',
          summary: 'Start signing in with the identity provider',
          description: 'Opened by `identity.launchWebAuthFlow`: redirects to the identity provider.',
          tag,
          parameters: startParameters,
        },
        { 302: { description: 'To the provider, or to the extension with an error' } },
        { open: true, input: true },
      ),
    },
    '/v1/digest': {
      get: operation(
        {
          operationId: 'getDigest',
          summary: 'The weekly digest of teams',
          description:
            "One week (Monday to Monday in the first team's time zone) of the teams' decisions made and superseded, goal status changes, items newly linked, unowned items seen and reviews due, with the snapshot's chart figures, and the same as Markdown. Each list shows at most 25 entries and counts them all (`total`).",
          tag: 'teams',
          parameters: Object.entries(zDigestQuery.shape).map(([name, schema]) => ({
            name,
            in: 'query',
            required: true,
            description:
              name === 'teams'
                ? 'Team ids, comma-separated, or `mine`: the teams that list the caller as a member'
                : 'The Monday the week starts on (`YYYY-MM-DD`)',
            schema: toSchema(schema, 'input'),
          })),
        },
        { 200: { description: 'The digest and its Markdown', ...json(toSchema(zDigestAnswer, 'output')) } },
        { input: true },
      ),
    },
    '/v1/teams/{id}/digest-settings': {
      parameters: [idParameter],
      put: operation(
        {
          operationId: 'setTeamDigestSettings',
          summary: "Set a team's digest delivery",
          description:
            "Whether the team's members get its weekly digest by e-mail, and the Slack-compatible incoming webhook it is also posted to (`null`: none). The webhook URL is a secret: the answer says only whether one is set.",
          tag: 'teams',
          requestBody: { required: true, ...json(toSchema(zDigestSettings, 'input')) },
        },
        { 200: { description: 'The settings as stored', ...json(toSchema(zDigestSettingsAnswer, 'output')) } },
        { write: true, member: true },
      ),
    },
    '/v1/auth/oidc/callback': {
      get: operation(
        {
          operationId: 'finishOidcSignIn',
          summary: "The identity provider's redirect",
          description: "The provider's redirect.",
          tag,
        },
        toExtension,
        { open: true, input: true },
      ),
    },
    '/v1/auth/invite/start': {
      get: operation(
        {
          operationId: 'startInviteSignIn',
          summary: 'Start signing in with an invite',
          tag,
          parameters: [...startParameters, { name: 'invite', in: 'query', required: true, schema: { type: 'string' } }],
        },
        { 200: { description: 'A page asking name and email' }, ...toExtension },
        { open: true, input: true },
      ),
    },
    '/v1/auth/invite/complete': {
      post: operation(
        { operationId: 'completeInviteSignIn', summary: "Finish an invite's sign-in", tag, requestBody: formBody },
        toExtension,
        { open: true, input: true },
      ),
    },
    '/v1/auth/token': {
      post: operation(
        {
          operationId: 'exchangeSignInCode',
          summary: 'Exchange a sign-in code for a device token',
          tag,
          requestBody: { required: true, ...json(toSchema(zTokenExchange, 'input')) },
        },
        { 200: { description: 'A device token, shown once', ...json(toSchema(zSignedIn, 'output')) } },
        { open: true, input: true },
      ),
    },
    '/v1/auth/signout': {
      post: operation(
        { operationId: 'signOut', summary: "Sign out: revoke this request's token", tag },
        { 204: { description: 'This token is revoked' } },
      ),
    },
    '/v1/people': {
      get: operation(
        { operationId: 'listPeople', summary: 'List the people of the workspace', tag: people },
        { 200: { description: 'People', ...json(toSchema(zListPage(zPerson), 'output')) } },
      ),
    },
    '/v1/people/{id}': {
      parameters: [idParameter],
      get: operation(
        { operationId: 'getPerson', summary: 'Get a person', tag: people },
        { 200: { description: 'Found', ...json(toSchema(zPerson, 'output')) } },
        { input: true, member: true },
      ),
      patch: operation(
        {
          operationId: 'updatePerson',
          summary: "Change a person's role or status",
          tag: people,
          requestBody: { required: true, ...json(toSchema(zPersonPatch, 'input')) },
        },
        { 200: { description: 'Updated', ...json(toSchema(zPerson, 'output')) } },
        { write: true, member: true },
      ),
    },
    '/v1/devices': {
      get: operation(
        {
          operationId: 'listDevices',
          summary: 'List signed-in devices',
          tag: people,
          parameters: [{ name: 'userId', in: 'query', schema: { type: 'string', format: 'uuid' } }],
        },
        { 200: { description: 'Devices', ...json(toSchema(zListPage(zDevice), 'output')) } },
        { input: true, restricted: true },
      ),
    },
    '/v1/devices/{id}': {
      parameters: [idParameter],
      delete: operation(
        { operationId: 'revokeDevice', summary: "Revoke a device's token", tag: people },
        { 204: { description: 'Revoked' } },
        { write: true, member: true },
      ),
    },
    '/v1/invites': {
      get: operation(
        { operationId: 'listInvites', summary: 'List open invites', tag: people },
        { 200: { description: 'Invites', ...json(toSchema(zListPage(zInvite), 'output')) } },
        { restricted: true },
      ),
      post: operation(
        {
          operationId: 'createInvite',
          summary: 'Invite a person',
          tag: people,
          requestBody: { required: true, ...json(toSchema(zInviteCreate, 'input')) },
        },
        { 201: { description: 'The invite with its link, shown once', ...json(toSchema(zCreatedInvite, 'output')) } },
        { write: true },
      ),
    },
    '/v1/invites/{id}': {
      parameters: [idParameter],
      delete: operation(
        { operationId: 'withdrawInvite', summary: 'Withdraw an invite', tag: people },
        { 204: { description: 'Withdrawn' } },
        { write: true, member: true },
      ),
    },
  };
}

/** Connectors, their imports, containers and rule suggestions (issue 16; admins only). */
function connectorPaths(): Record<string, unknown> {
  const tag = 'connectors';
  const run = toSchema(zImportRun, 'output');
  return {
    '/v1/connectors': {
      get: operation(
        { operationId: 'listConnectors', summary: 'List connectors with their last import', tag },
        { 200: { description: 'Connectors', ...json(toSchema(zListPage(zConnector), 'output')) } },
        { restricted: true },
      ),
      post: operation(
        {
          operationId: 'createConnector',
          summary: 'Connect a tool',
          description:
            'The secret is stored encrypted and never answered back; without a secret key configured the server answers 409 `not_configured`.',
          tag,
          requestBody: { required: true, ...json(toSchema(zConnectorInput, 'input')) },
        },
        { 201: { description: 'Connected', ...json(toSchema(zConnector, 'output')) } },
        { write: true },
      ),
    },
    '/v1/connectors/{id}': {
      parameters: [idParameter],
      delete: operation(
        { operationId: 'deleteConnector', summary: 'Remove a connector', tag },
        { 204: { description: 'Removed' } },
        { write: true, member: true },
      ),
    },
    '/v1/connectors/{id}/imports': {
      parameters: [idParameter],
      get: operation(
        { operationId: 'listImportRuns', summary: "List a connector's imports, newest first", tag },
        { 200: { description: 'Imports', ...json(toSchema(zListPage(zImportRun), 'output')) } },
        { input: true, member: true, restricted: true },
      ),
      post: operation(
        {
          operationId: 'startImport',
          summary: 'Start an import',
          description:
            'Queued as a job; follow its progress in the imports list. One at a time per connector (409 `import_running`).',
          tag,
        },
        { 202: { description: 'Queued', ...json(run) } },
        { write: true, member: true },
      ),
    },
    '/v1/containers': {
      get: operation(
        {
          operationId: 'listContainers',
          summary: 'List the containers the imports found',
          tag,
          parameters: [
            ...pageParameters,
            { name: 'tool', in: 'query', schema: toSchema(zTool, 'input') },
            { name: 'connectorId', in: 'query', schema: { type: 'string', format: 'uuid' } },
            { name: 'q', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 200 } },
            { name: 'removed', in: 'query', schema: { type: 'string', enum: ['0', '1'] } },
          ],
        },
        { 200: { description: 'A page', ...json(toSchema(zListPage(zContainerRecord), 'output')) } },
        { input: true, restricted: true },
      ),
    },
    '/v1/suggestions': {
      get: operation(
        {
          operationId: 'listSuggestions',
          summary: 'List rule suggestions',
          tag,
          parameters: [{ name: 'status', in: 'query', schema: toSchema(zSuggestionStatus, 'input') }],
        },
        { 200: { description: 'Suggestions', ...json(toSchema(zListPage(zRuleSuggestion), 'output')) } },
        { input: true, restricted: true },
      ),
    },
    '/v1/suggestions/decisions': {
      post: operation(
        {
          operationId: 'decideSuggestions',
          summary: 'Accept or reject rule suggestions in bulk',
          description: 'Each decision gets its own result: one that fails leaves the others done.',
          tag,
          requestBody: { required: true, ...json(toSchema(zSuggestionDecisions, 'input')) },
        },
        { 200: { description: 'One result per decision', ...json(toSchema(zSuggestionDecisionResults, 'output')) } },
        { write: true },
      ),
    },
  };
}
