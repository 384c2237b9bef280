import { z } from 'zod';
import {
  zApiError,
  zAuthConfig,
  zCreatedInvite,
  zDecision,
  zDecisionInput,
  zDecisionTransition,
  zDevice,
  zGoal,
  zGoalInput,
  zGoalPatch,
  zHealth,
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
  zSignedIn,
  zTeam,
  zTeamInput,
  zTeamPatch,
  zTokenExchange,
  zUserRename,
  zVersion,
  zWorkspaceRename,
} from '../../utils/contract.ts';
import { zCreatedToken, zTokenCreate, zTokenInfo } from '../routes/tokens.ts';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return json;
};

const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const errorResponse = { description: 'Error', ...json(toSchema(zApiError, 'output')) };
const withErrors = (responses: Record<string, unknown>) => ({ ...responses, default: errorResponse });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const pageParameters = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];
const withBaseVersion = (patch: z.ZodObject) => patch.extend({ baseVersion: zVersion });

interface Resource {
  path: string;
  tag: string;
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
    entity: zTeam,
    input: zTeamInput,
    patch: zTeamPatch,
    deletable: 'versioned',
    filters: ['parentTeamId'],
  },
  {
    path: '/v1/goals',
    tag: 'goals',
    entity: zGoal,
    input: zGoalInput,
    patch: zGoalPatch,
    deletable: 'versioned',
    filters: ['teamId', 'parentGoalId', 'status'],
  },
  {
    path: '/v1/decisions',
    tag: 'decisions',
    entity: zDecision,
    input: zDecisionInput,
    filters: ['teamId', 'goalId', 'itemKey', 'status'],
  },
  { path: '/v1/notes', tag: 'notes', entity: zNote, input: zNoteInput, filters: ['teamId', 'goalId', 'itemKey'] },
  { path: '/v1/items', tag: 'items', entity: zItem, input: zItemInput, patch: zItemPatch, filters: ['tool', 'key'] },
  {
    path: '/v1/links',
    tag: 'links',
    entity: zLink,
    input: zLinkInput,
    deletable: 'unversioned',
    filters: ['itemKey', 'kind', 'teamId', 'goalId'],
  },
  {
    path: '/v1/rules',
    tag: 'rules',
    entity: zOwnershipRule,
    input: zOwnershipRuleInput,
    patch: zOwnershipRulePatch,
    deletable: 'versioned',
    filters: ['tool', 'teamId'],
  },
];

function resourcePaths(resource: Resource): Record<string, unknown> {
  const entity = toSchema(resource.entity, 'output');
  const tags = [resource.tag];
  const collection: Record<string, unknown> = {
    get: {
      tags,
      parameters: [
        ...pageParameters,
        ...resource.filters.map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
      ],
      responses: withErrors({
        200: { description: 'A page', ...json(toSchema(zListPage(resource.entity), 'output')) },
      }),
    },
  };
  if (resource.input) {
    collection.post = {
      tags,
      requestBody: { required: true, ...json(toSchema(resource.input, 'input')) },
      responses: withErrors({ 201: { description: 'Created', ...json(entity) } }),
    };
  }
  const member: Record<string, unknown> = {
    parameters: [idParameter],
    get: { tags, responses: withErrors({ 200: { description: 'Found', ...json(entity) } }) },
  };
  if (resource.patch) {
    member.patch = {
      tags,
      requestBody: { required: true, ...json(toSchema(withBaseVersion(resource.patch), 'input')) },
      responses: withErrors({ 200: { description: 'Updated', ...json(entity) } }),
    };
  }
  if (resource.deletable) {
    member.delete = {
      tags,
      parameters:
        resource.deletable === 'versioned'
          ? [{ name: 'baseVersion', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }]
          : [],
      responses: withErrors({ 204: { description: 'Deleted' } }),
    };
  }
  return { [resource.path]: collection, [`${resource.path}/{id}`]: member };
}

/** The OpenAPI document, generated from the same zod schemas that validate the requests. */
export function buildOpenApi(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Hallway work-graph API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: { security: [], responses: { 200: { description: 'Healthy', ...json(toSchema(zHealth, 'output')) } } },
      },
      '/v1/me': {
        get: { responses: withErrors({ 200: { description: 'The caller', ...json(toSchema(zMe, 'output')) } }) },
        patch: {
          description: 'Renames the caller; what they wrote before keeps the name it was written with.',
          requestBody: { required: true, ...json(toSchema(zUserRename, 'input')) },
          responses: withErrors({ 200: { description: 'The caller, renamed', ...json(toSchema(zMe, 'output')) } }),
        },
      },
      '/v1/workspace': {
        patch: {
          description: 'Renames the workspace (admins).',
          requestBody: { required: true, ...json(toSchema(zWorkspaceRename, 'input')) },
          responses: withErrors({
            200: { description: 'The caller, in the renamed workspace', ...json(toSchema(zMe, 'output')) },
          }),
        },
      },
      '/v1/sync': {
        get: {
          tags: ['sync'],
          parameters: [
            { name: 'cursor', in: 'query', schema: { type: 'string', pattern: '^\\d{1,19}$' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          ],
          responses: withErrors({
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
          }),
        },
      },
      '/v1/events': {
        get: {
          tags: ['sync'],
          description:
            'Server-Sent Events: `retry:` once, then `event: poke` with `id: <seq>` and `data: {"seq":"<seq>"}` (the ' +
            "workspace's newest seq) at once and after each committed write, and comment heartbeats. Nothing else: " +
            'pull /v1/sync when the seq is past your cursor. A few streams per token (429 beyond); closed when the ' +
            'token is revoked and when the server stops.',
          parameters: [
            {
              name: 'Last-Event-ID',
              in: 'header',
              description: 'The last seq received; the first poke is skipped while it is current',
              schema: { type: 'string', pattern: '^\\d{1,19}$' },
            },
          ],
          responses: withErrors({
            200: {
              description: 'The event stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
          }),
        },
      },
      '/v1/mutations': {
        post: {
          tags: ['sync'],
          requestBody: { required: true, ...json(toSchema(zMutationBatch, 'input')) },
          responses: withErrors({
            200: { description: 'One result per mutation', ...json(toSchema(zMutationBatchResult, 'output')) },
          }),
        },
      },
      ...Object.assign({}, ...resources.map(resourcePaths)),
      ...Object.fromEntries(
        zDecisionTransition.options.map((transition) => [
          `/v1/decisions/{id}/${transition}`,
          {
            parameters: [idParameter],
            post: {
              tags: ['decisions'],
              responses: withErrors({ 200: { description: 'Moved', ...json(toSchema(zDecision, 'output')) } }),
            },
          },
        ]),
      ),
      '/v1/items/by-key': {
        get: {
          tags: ['items'],
          parameters: [{ name: 'key', in: 'query', required: true, schema: { type: 'string' } }],
          responses: withErrors({ 200: { description: 'Found', ...json(toSchema(zItem, 'output')) } }),
        },
      },
      '/v1/tokens': {
        get: {
          tags: ['tokens'],
          responses: withErrors({ 200: { description: 'Tokens', ...json(toSchema(zListPage(zTokenInfo), 'output')) } }),
        },
        post: {
          tags: ['tokens'],
          requestBody: { required: true, ...json(toSchema(zTokenCreate, 'input')) },
          responses: withErrors({
            201: { description: 'The token, shown once', ...json(toSchema(zCreatedToken, 'output')) },
          }),
        },
      },
      '/v1/tokens/{id}': {
        parameters: [idParameter],
        delete: { tags: ['tokens'], responses: withErrors({ 204: { description: 'Revoked' } }) },
      },
      ...signInPaths(),
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
  const tags = ['sign-in'];
  const people = ['people'];
  return {
    '/v1/auth/config': {
      get: {
        tags,
        security: [],
        responses: withErrors({
          200: { description: 'What the server offers', ...json(toSchema(zAuthConfig, 'output')) },
        }),
      },
    },
    '/v1/auth/oidc/start': {
      get: {
        tags,
        security: [],
        description: 'Opened by `identity.launchWebAuthFlow`: redirects to the identity provider.',
        parameters: startParameters,
        responses: withErrors({ 302: { description: 'To the provider, or to the extension with an error' } }),
      },
    },
    '/v1/auth/oidc/callback': {
      get: { tags, security: [], description: "The provider's redirect.", responses: withErrors(toExtension) },
    },
    '/v1/auth/invite/start': {
      get: {
        tags,
        security: [],
        parameters: [...startParameters, { name: 'invite', in: 'query', required: true, schema: { type: 'string' } }],
        responses: withErrors({ 200: { description: 'A page asking name and email' }, ...toExtension }),
      },
    },
    '/v1/auth/invite/complete': {
      post: {
        tags,
        security: [],
        requestBody: {
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
        },
        responses: withErrors(toExtension),
      },
    },
    '/v1/auth/token': {
      post: {
        tags,
        security: [],
        requestBody: { required: true, ...json(toSchema(zTokenExchange, 'input')) },
        responses: withErrors({
          200: { description: 'A device token, shown once', ...json(toSchema(zSignedIn, 'output')) },
        }),
      },
    },
    '/v1/auth/signout': {
      post: { tags, responses: withErrors({ 204: { description: 'This token is revoked' } }) },
    },
    '/v1/people': {
      get: {
        tags: people,
        responses: withErrors({ 200: { description: 'People', ...json(toSchema(zListPage(zPerson), 'output')) } }),
      },
    },
    '/v1/people/{id}': {
      parameters: [idParameter],
      get: {
        tags: people,
        responses: withErrors({ 200: { description: 'Found', ...json(toSchema(zPerson, 'output')) } }),
      },
      patch: {
        tags: people,
        requestBody: { required: true, ...json(toSchema(zPersonPatch, 'input')) },
        responses: withErrors({ 200: { description: 'Updated', ...json(toSchema(zPerson, 'output')) } }),
      },
    },
    '/v1/devices': {
      get: {
        tags: people,
        parameters: [{ name: 'userId', in: 'query', schema: { type: 'string', format: 'uuid' } }],
        responses: withErrors({ 200: { description: 'Devices', ...json(toSchema(zListPage(zDevice), 'output')) } }),
      },
    },
    '/v1/devices/{id}': {
      parameters: [idParameter],
      delete: { tags: people, responses: withErrors({ 204: { description: 'Revoked' } }) },
    },
    '/v1/invites': {
      get: {
        tags: people,
        responses: withErrors({ 200: { description: 'Invites', ...json(toSchema(zListPage(zInvite), 'output')) } }),
      },
      post: {
        tags: people,
        requestBody: { required: true, ...json(toSchema(zInviteCreate, 'input')) },
        responses: withErrors({
          201: { description: 'The invite with its link, shown once', ...json(toSchema(zCreatedInvite, 'output')) },
        }),
      },
    },
    '/v1/invites/{id}': {
      parameters: [idParameter],
      delete: { tags: people, responses: withErrors({ 204: { description: 'Withdrawn' } }) },
    },
  };
}
