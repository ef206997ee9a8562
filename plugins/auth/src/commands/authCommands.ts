import { type CommandSpec, InvalidArgumentError, systemPrincipal } from '@mlops/plugin-api';
import type { AuthDirectory } from '../AuthDirectory.js';
import type { PermissionLevel } from '../PermissionLevel.js';

/** The words the commands take for each resource kind permissions are granted on. */
const resourceKinds: Readonly<Record<string, string>> = {
  experiment: 'experiment',
  model: 'registeredModel',
  study: 'study',
  deployment: 'deployment',
};

function resourceKindOf(word: string | undefined): string {
  const kind = word === undefined ? undefined : resourceKinds[word];
  if (kind === undefined) {
    throw new InvalidArgumentError(
      `the resource kind must be one of ${Object.keys(resourceKinds).join(', ')}, got "${word}"`,
      {
        field: 'kind',
      },
    );
  }
  return kind;
}

/** `user:<name>` or `group:<name>`. */
function principalOf(word: string | undefined): { kind: 'user' | 'group'; name: string } {
  const match = /^(user|group):(.+)$/.exec(word ?? '');
  if (match === null) {
    throw new InvalidArgumentError(`the principal must be "user:<name>" or "group:<name>", got "${word}"`, {
      field: 'principal',
    });
  }
  return { kind: match[1] as 'user' | 'group', name: match[2]! };
}

/** The password in the environment variable `--password-env` names; passwords never go on a command line. */
function passwordFrom(options: Readonly<Record<string, unknown>>): string {
  const name = options.passwordEnv;
  const value = typeof name === 'string' ? process.env[name] : undefined;
  if (value === undefined || value === '') {
    throw new InvalidArgumentError(
      `--password-env must name a set environment variable, got "${String(name)}"`,
      {
        field: 'passwordEnv',
      },
    );
  }
  return value;
}

const passwordEnv = {
  flags: '--password-env <variable>',
  description: 'environment variable holding the password',
};

/**
 * `mlops users|groups|tokens|permissions ...`: management on the configured database, in
 * process (for the operator of the server; the REST routes serve everyone else).
 */
export function authCommands(directory: AuthDirectory): CommandSpec[] {
  return [
    {
      name: 'users list',
      description: 'list users',
      async run({ print }) {
        for (const u of await directory.listUsers()) {
          const flags = [u.isAdmin ? 'admin' : '', u.disabled ? 'disabled' : ''].filter((f) => f !== '');
          print(`${u.username}\t${u.source}\t${flags.join(',') || '-'}\t${u.groups.join(',') || '-'}`);
        }
      },
    },
    {
      name: 'users add',
      description: 'create a local user',
      arguments: [{ name: 'username' }],
      options: [passwordEnv, { flags: '--admin', description: 'make the user an administrator' }],
      async run({ args, options, print }) {
        const user = await directory.createUser(args[0]!, passwordFrom(options), options.admin === true);
        print(`created user ${user.username}${user.isAdmin ? ' (admin)' : ''}`);
      },
    },
    {
      name: 'users set-password',
      description: "change a user's password (ends their sessions)",
      arguments: [{ name: 'username' }],
      options: [passwordEnv],
      async run({ args, options, print }) {
        await directory.updateUser(args[0]!, { password: passwordFrom(options) });
        print(`changed the password of ${args[0]}`);
      },
    },
    {
      name: 'users update',
      description: 'make a user an administrator or not, enable or disable them',
      arguments: [{ name: 'username' }],
      options: [
        { flags: '--admin <yes|no>', description: 'administrator or not' },
        { flags: '--disabled <yes|no>', description: 'disabled or not' },
      ],
      async run({ args, options, print }) {
        const flag = (v: unknown) => (v === undefined ? undefined : v === 'yes');
        const admin = flag(options.admin);
        const disabled = flag(options.disabled);
        const user = await directory.updateUser(args[0]!, {
          ...(admin === undefined ? {} : { isAdmin: admin }),
          ...(disabled === undefined ? {} : { disabled }),
        });
        print(
          `${user.username}: admin ${user.isAdmin ? 'yes' : 'no'}, disabled ${user.disabled ? 'yes' : 'no'}`,
        );
      },
    },
    {
      name: 'users delete',
      description: 'delete a user with their tokens, memberships and permissions',
      arguments: [{ name: 'username' }],
      async run({ args, print }) {
        await directory.deleteUser(args[0]!);
        print(`deleted user ${args[0]}`);
      },
    },
    {
      name: 'groups list',
      description: 'list groups and their members',
      async run({ print }) {
        for (const g of await directory.listGroups()) print(`${g.name}\t${g.members.join(',') || '-'}`);
      },
    },
    {
      name: 'groups add',
      description: 'create a group',
      arguments: [{ name: 'group' }],
      async run({ args, print }) {
        await directory.createGroup(args[0]!);
        print(`created group ${args[0]}`);
      },
    },
    {
      name: 'groups delete',
      description: 'delete a group with its memberships and permissions',
      arguments: [{ name: 'group' }],
      async run({ args, print }) {
        await directory.deleteGroup(args[0]!);
        print(`deleted group ${args[0]}`);
      },
    },
    {
      name: 'groups add-member',
      description: 'add a user to a group',
      arguments: [{ name: 'group' }, { name: 'username' }],
      async run({ args, print }) {
        const g = await directory.addMember(args[0]!, args[1]!);
        print(`${g.name}: ${g.members.join(',')}`);
      },
    },
    {
      name: 'groups remove-member',
      description: 'remove a user from a group',
      arguments: [{ name: 'group' }, { name: 'username' }],
      async run({ args, print }) {
        const g = await directory.removeMember(args[0]!, args[1]!);
        print(`${g.name}: ${g.members.join(',') || '-'}`);
      },
    },
    {
      name: 'tokens create',
      description: 'create an API token for a user; the token is printed once',
      arguments: [{ name: 'username' }, { name: 'name' }],
      options: [{ flags: '--days <n>', description: 'days until it expires' }],
      async run({ args, options, print }) {
        const days = options.days === undefined ? undefined : Number(options.days);
        const token = await directory.createToken(args[0]!, args[1]!, days);
        print(`${token.tokenId}\texpires ${new Date(token.expiresAt).toISOString()}`);
        print(token.token);
      },
    },
    {
      name: 'tokens list',
      description: "list API tokens (a user's, or everyone's)",
      arguments: [{ name: 'username', required: false }],
      async run({ args, print }) {
        for (const t of await directory.listTokens(args[0])) {
          const state = t.revokedAt !== null ? 'revoked' : t.expiresAt <= Date.now() ? 'expired' : 'active';
          print(`${t.tokenId}\t${t.username}\t${t.name}\t${state}`);
        }
      },
    },
    {
      name: 'tokens revoke',
      description: 'revoke an API token',
      arguments: [{ name: 'tokenId' }],
      async run({ args, print }) {
        await directory.revokeToken(args[0]!, systemPrincipal);
        print(`revoked ${args[0]}`);
      },
    },
    {
      name: 'permissions list',
      description: 'list the permissions on an experiment, registered model, HPO study or deployment',
      arguments: [
        { name: 'kind', description: 'experiment, model, study or deployment' },
        { name: 'id', description: 'experiment id, model name, study id or deployment name' },
      ],
      async run({ args, print }) {
        for (const g of await directory.listGrants(resourceKindOf(args[0]), args[1]!)) {
          print(`${g.principalKind}:${g.principalName}\t${g.permission}`);
        }
      },
    },
    {
      name: 'permissions grant',
      description:
        'grant READ, EDIT, MANAGE or NO_PERMISSIONS on an experiment, model, study or deployment to user:<name> or group:<name>',
      arguments: [{ name: 'kind' }, { name: 'id' }, { name: 'principal' }, { name: 'permission' }],
      async run({ args, print }) {
        const who = principalOf(args[2]);
        await directory.grant({
          principalKind: who.kind,
          principalName: who.name,
          resourceKind: resourceKindOf(args[0]),
          resourceId: args[1]!,
          permission: args[3] as PermissionLevel,
        });
        print(`${args[2]} has ${args[3]} on ${args[0]} ${args[1]}`);
      },
    },
    {
      name: 'permissions revoke',
      description:
        "remove user:<name>'s or group:<name>'s permission on an experiment, model, study or deployment",
      arguments: [{ name: 'kind' }, { name: 'id' }, { name: 'principal' }],
      async run({ args, print }) {
        const who = principalOf(args[2]);
        await directory.revoke(who.kind, who.name, resourceKindOf(args[0]), args[1]!);
        print(`revoked ${args[2]} on ${args[0]} ${args[1]}`);
      },
    },
  ];
}
