import type { Config } from '../config/schema.js';
import type { AnyTool } from '../tools/define-tool.js';
import { canonicalJson, sha256 } from '../util/canonical-json.js';
import type { Decision } from './decision.js';
import type { ApprovalRequirement } from '../actions/approval-requirement.js';
import { extraPermissionsOf, patternMatches, permissionOf } from './permissions.js';
import type { RoleResolver } from './role-resolver.js';

/** What a user holds, for `help`, prompts and explanations. */
export interface Grants {
  userId: string;
  roles: string[];
  /** Permission patterns granted by those roles, with the role that grants each. */
  patterns: Array<{ pattern: string; role: string }>;
}

/** RBAC with deny by default, plus the approval rule for mutations. Any error in a lookup is a denial. */
export class PolicyEngine {
  readonly version: string;

  constructor(
    private readonly policies: Config['policies'],
    private readonly roles: RoleResolver,
  ) {
    this.version = sha256(canonicalJson(policies)).slice(0, 12);
  }

  async grantsOf(userId: string): Promise<Grants> {
    const roles = await this.roles.rolesOf(userId);
    const patterns = roles.flatMap((role) => (this.policies.roles[role] ?? []).map((pattern) => ({ pattern, role })));
    return { userId, roles, patterns };
  }

  async decide(userId: string, tool: AnyTool, args: unknown): Promise<Decision> {
    const permission = permissionOf(tool, args);
    let grants: Grants;
    try {
      grants = await this.grantsOf(userId);
    } catch (error) {
      return { outcome: 'deny', permission, reason: `could not look up roles for ${userId} (${error instanceof Error ? error.message : 'unknown error'}); denying to be safe` };
    }
    const grant = grants.patterns.find((entry) => patternMatches(entry.pattern, permission));
    if (!grant) {
      const held = grants.roles.length ? `roles ${grants.roles.join(', ')}` : 'no roles';
      return { outcome: 'deny', permission, reason: `${userId} lacks ${permission} (has ${held}); ask someone who holds it, or an admin to grant it` };
    }
    const missing = extraPermissionsOf(tool, args).filter((extra) => !grants.patterns.some((entry) => patternMatches(entry.pattern, extra)));
    if (missing.length) {
      return { outcome: 'deny', permission, reason: `${userId} holds ${permission} but lacks ${missing.join(', ')}, which this call also needs; ask someone who holds it` };
    }
    const reason = `role ${grant.role} grants ${grant.pattern}`;
    if (tool.effect === 'read') return { outcome: 'allow', permission, reason };
    return { outcome: 'confirm', permission, reason, approval: this.approvalFor(permission, userId) };
  }

  /** The approval rule for a mutation: the first configured rule whose pattern matches, else the default. */
  approvalFor(permission: string, requester: string): ApprovalRequirement {
    const rule = this.policies.approvals.find((candidate) => candidate.when.some((pattern) => patternMatches(pattern, permission)));
    if (!rule) {
      const self = this.policies.defaultRequesterMayApprove;
      return { rule: 'default', permission, roles: [], requesterMayApprove: self, summary: self ? `${requester} or anyone holding ${permission}` : `anyone other than ${requester} holding ${permission}` };
    }
    const who = rule.approvers.length ? `a ${rule.approvers.join(' or ')}` : 'someone';
    return {
      rule: rule.name,
      permission,
      roles: [...rule.approvers],
      requesterMayApprove: rule.requesterMayApprove,
      approveFrom: [...rule.approveFrom],
      summary: `${who} holding ${permission}${rule.requesterMayApprove ? '' : ` other than ${requester}`}${rule.approveFrom.length ? `, approving in ${rule.approveFrom.join(' or ')}` : ''} (rule ${rule.name})`,
    };
  }

  /** Re-checked at click time: rights may have changed since the action was proposed. */
  async mayApprove(approver: string, requester: string, approval: ApprovalRequirement, frontEnd?: string): Promise<{ ok: true; reason: string } | { ok: false; reason: string }> {
    if (frontEnd && approval.approveFrom?.length && !approval.approveFrom.includes(frontEnd)) {
      return { ok: false, reason: `rule ${approval.rule} accepts approvals only from ${approval.approveFrom.join(' or ')}, where identities are verified, not from ${frontEnd}` };
    }
    let grants: Grants;
    try {
      grants = await this.grantsOf(approver);
    } catch (error) {
      return { ok: false, reason: `could not look up roles for ${approver} (${error instanceof Error ? error.message : 'unknown error'}); denying to be safe` };
    }
    if (!approval.requesterMayApprove && approver === requester) {
      // Said once: who asked, the rule, and who else may approve (the summary's own "(rule …)" and "other than …" left out).
      const others = approval.roles.length ? `someone else with role ${approval.roles.join(' or ')}` : 'someone else';
      return { ok: false, reason: `${approver} requested this action, and rule ${approval.rule} needs ${others} holding ${approval.permission} to approve it.` };
    }
    if (!grants.patterns.some((entry) => patternMatches(entry.pattern, approval.permission))) {
      return { ok: false, reason: `${approver} lacks ${approval.permission}, which approving this needs (${approval.summary})` };
    }
    if (approval.roles.length && !approval.roles.some((role) => grants.roles.includes(role))) {
      return { ok: false, reason: `approving needs role ${approval.roles.join(' or ')}; ${approver} has ${grants.roles.join(', ') || 'no roles'} (rule ${approval.rule})` };
    }
    return { ok: true, reason: `${approver} holds ${approval.permission}${approval.roles.length ? ` and role ${approval.roles.find((role) => grants.roles.includes(role))}` : ''}` };
  }

  /**
   * Whether a user may use a tool at all, with the reason when not: asked before its arguments are checked, so
   * someone without access learns that (not the schema of a tool they cannot use).
   */
  async toolAccess(userId: string, tool: AnyTool, environments: string[]): Promise<{ ok: true } | { ok: false; permission: string; reason: string }> {
    const scopes = tool.permission.scopes === 'environments' ? environments : tool.permission.scopes;
    const needed = scopes.map((scope) => `${tool.permission.verb}:${scope}`);
    const permission = needed.length === 1 ? needed[0]! : `${tool.permission.verb}:*`;
    let grants: Grants;
    try {
      grants = await this.grantsOf(userId);
    } catch (error) {
      return { ok: false, permission, reason: `could not look up roles for ${userId} (${error instanceof Error ? error.message : 'unknown error'}); denying to be safe` };
    }
    if (this.grantsAnyScope(grants, tool, environments)) return { ok: true };
    const held = grants.roles.length ? `roles ${grants.roles.join(', ')}` : 'no roles';
    const lacks = needed.length === 1 ? needed[0] : `every ${tool.permission.verb} permission (${needed.join(', ')})`;
    return { ok: false, permission, reason: `${userId} lacks ${lacks} (has ${held}); ask someone who holds it, or an admin to grant it` };
  }

  /** Whether a user may use a tool at all (any scope): filters the model's tool list, MCP tools/list and help. */
  async mayUse(userId: string, tool: AnyTool, environments: string[]): Promise<boolean> {
    let grants: Grants;
    try {
      grants = await this.grantsOf(userId);
    } catch {
      return false;
    }
    return this.grantsAnyScope(grants, tool, environments);
  }

  private grantsAnyScope(grants: Grants, tool: AnyTool, environments: string[]): boolean {
    const scopes = tool.permission.scopes === 'environments' ? environments : tool.permission.scopes;
    return scopes.some((scope) => grants.patterns.some((entry) => patternMatches(entry.pattern, `${tool.permission.verb}:${scope}`)));
  }
}
