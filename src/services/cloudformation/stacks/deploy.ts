// The stack engine: creates, updates and deletes a stack's resources in dependency order through
// their providers, and rolls back as CloudFormation does when one fails. Each resource's KMS
// calls are KMS operations of their own (authorized as the caller, each its own transaction);
// the stack's status, resources and events are written after every step, so a reader sees the
// stack progress as on AWS. Runs to a final status inside the request, so waiters return at once.

import { partitionOf, type RecordTx, type RunContext } from '../../../engine/context.js';
import { runOperation } from '../../../engine/index.js';
import { uuidV4 } from '../../../deps.js';
import { KmsError } from '../../../errors.js';
import { PROVIDERS, ProviderError, type KmsCall, type ProviderContext, type ResourceProvider, type ResourceState } from '../resources/index.js';
import { creationOrder, evaluateConditions, NO_VALUE, parseTemplate, resolveValue, type EvalScope, type Template } from '../template/index.js';
import { exportPrefix, exportRecordName } from '../records.js';
import { liveStacks } from './list.js';
import type { PreparedTemplate } from './prepare.js';
import { saveStack, writeEvent, type EventRecord, type OutputRecord, type ResourceRecord, type StackRecord } from './store.js';

/** An export as stored: the stack that exports it and its value. */
export interface ExportRecord {
  name: string;
  stackId: string;
  value: string;
}

/** The resource type and name CloudFormation gives a stack's own events. */
const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** What undoing one step of an update takes: deleting what it made, updating back, or nothing. */
type UndoKind = 'create' | 'update' | 'replace' | 'unchanged';

/** A resource step that failed: which resource and CloudFormation's reason. */
class StepFailure extends Error {
  constructor(
    readonly logicalId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** What one resource will go through in an update (also a change set's Changes). */
export interface PlannedChange {
  logicalId: string;
  type: string;
  action: 'Add' | 'Modify' | 'Remove';
  replacement: boolean;
  physicalId?: string;
  /** Top-level properties whose value changes. */
  properties: string[];
}

/** The value a reference to a resource that is not made yet resolves to while planning. */
const PENDING = (id: string): string => `{{kms:pending:${id}}}`;

/** The URL suffix of a partition's endpoints (AWS::URLSuffix). */
function urlSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, canonical(x)]));
  return v;
}

function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !sameValue(before[n], after[n]));
}

/** The KMS operations a stack's providers call, as the stack's caller (ReplicaKey: in another region). */
async function kmsCaller(run: RunContext): Promise<KmsCall> {
  const { service } = await import('../../kms/index.js');
  // on the trail, CloudFormation makes these calls for the caller
  const onBehalf: RunContext = { ...run, invokedBy: 'cloudformation.amazonaws.com' };
  return (operation, request, region) =>
    runOperation(region === undefined || region === run.region ? onBehalf : { ...onBehalf, region, partition: partitionOf(region) }, service, operation, request);
}

/** A handler failure in CloudFormation's words. */
function failureReason(err: unknown, requestToken: string): string {
  if (err instanceof ProviderError) {
    if (err.validationFailure) return err.message;
    return `Resource handler returned message: "${err.message}" (RequestToken: ${requestToken}, HandlerErrorCode: ${err.handlerErrorCode})`;
  }
  if (err instanceof KmsError) return err.message;
  // a defect of kms's own: the stack still ends in a final state, and says so
  return `Internal Failure: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * One operation on one stack: a create, an update, a delete, or the rollback of one. Holds the
 * stack as it goes and writes it after every step.
 */
export class StackRun {
  private kms!: KmsCall;
  /** KMS calls that change something, so far: a failed update that made none has nothing to undo. */
  private changes = 0;
  private exports = new Map<string, ExportRecord>();
  private usedImports = new Set<string>();
  private readonly requestToken: string;

  private constructor(
    private readonly run: RunContext,
    readonly stack: StackRecord,
    private readonly clientRequestToken?: string,
  ) {
    this.requestToken = uuidV4(run.random);
  }

  static async start(run: RunContext, stack: StackRecord, clientRequestToken?: string): Promise<StackRun> {
    const r = new StackRun(run, stack, clientRequestToken);
    const kms = await kmsCaller(run);
    r.kms = (operation, request, region) => {
      if (!/^(Describe|Get|List)/.test(operation)) r.changes += 1;
      return kms(operation, request, region);
    };
    const exports = await run.store.read((reader) => reader.list<ExportRecord>(exportPrefix(run.account, run.region)));
    for (const e of exports) r.exports.set(e.value.name, e.value);
    return r;
  }

  // ---- writing ----

  private now(): number {
    return this.run.clock.now().getTime();
  }

  /**
   * An event's time: never before the stack's last event, and a millisecond after it at least,
   * so that events keep their order and a resource's EventId (name, status and time, as AWS
   * writes it) stays unique even when two steps fall in the same millisecond.
   */
  private eventTime(): number {
    const t = Math.max(this.now(), (this.stack.lastEventTime ?? 0) + 1);
    this.stack.lastEventTime = t;
    return t;
  }

  private stackEvent(status: string, reason?: string): Omit<EventRecord, 'StackId' | 'StackName'> {
    return {
      EventId: uuidV4(this.run.random),
      LogicalResourceId: this.stack.stackName,
      PhysicalResourceId: this.stack.stackId,
      ResourceType: STACK_TYPE,
      Timestamp: this.eventTime(),
      ResourceStatus: status,
      ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
      ...(this.clientRequestToken ? { ClientRequestToken: this.clientRequestToken } : {}),
    };
  }

  private resourceEvent(res: ResourceRecord, status: string, reason?: string, physicalId = res.physicalId ?? ''): Omit<EventRecord, 'StackId' | 'StackName'> {
    const t = this.eventTime();
    const withProps = !status.startsWith('DELETE');
    return {
      EventId: `${res.logicalId}-${status}-${new Date(t).toISOString()}`,
      LogicalResourceId: res.logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: res.type,
      Timestamp: t,
      ResourceStatus: status,
      ...(reason !== undefined ? { ResourceStatusReason: reason } : {}),
      ...(withProps ? { ResourceProperties: JSON.stringify(res.properties) } : {}),
      ...(this.clientRequestToken ? { ClientRequestToken: this.clientRequestToken } : {}),
    };
  }

  /** Writes the stack with these events, in one transaction (after `precheck`, in the same one). */
  private async commit(events: Omit<EventRecord, 'StackId' | 'StackName'>[] = [], precheck?: (tx: RecordTx) => Promise<void>): Promise<void> {
    await this.run.store.transaction(async (tx) => {
      await precheck?.(tx);
      for (const e of events) writeEvent(tx, this.run, this.stack, e);
      saveStack(tx, this.run, this.stack);
    });
  }

  /**
   * Sets the stack's status and writes the stack event for it; `precheck` runs first in the same
   * transaction (the first write of an operation checks there that nothing raced it).
   */
  async setStatus(status: string, reason?: string, precheck?: (tx: RecordTx) => Promise<void>): Promise<void> {
    this.stack.status = status;
    if (reason === undefined) delete this.stack.statusReason;
    else this.stack.statusReason = reason;
    if (status === 'DELETE_COMPLETE') this.stack.deletionTime = this.now();
    await this.commit([this.stackEvent(status, reason)], precheck);
  }

  private async setResource(res: ResourceRecord, status: string, reason?: string): Promise<void> {
    res.status = status;
    res.timestamp = this.now();
    if (reason === undefined) delete res.statusReason;
    else res.statusReason = reason;
    this.stack.resources[res.logicalId] = res;
    await this.commit([this.resourceEvent(res, status, reason)]);
  }

  // ---- evaluating ----

  private scope(template: Template, resources: Readonly<Record<string, ResourceRecord>>, parameters: Readonly<Record<string, string>>, pending?: ReadonlySet<string>): EvalScope {
    const stack = this.stack;
    return {
      // parameter types (a list parameter's Ref is a list) and Mappings
      template,
      notificationARNs: stack.notificationARNs,
      account: this.run.account,
      region: this.run.region,
      partition: this.run.partition,
      urlSuffix: urlSuffix(this.run.partition),
      stackName: stack.stackName,
      stackId: stack.stackId,
      parameters,
      resourceRef: (id) => {
        if (pending?.has(id)) return PENDING(id);
        const physical = resources[id]?.physicalId;
        if (physical === undefined) throw new KmsError('ValidationError', `Template error: resource ${id} is not created yet`);
        return physical;
      },
      resourceAtt: (id, attribute) => {
        if (pending?.has(id)) return PENDING(`${id}.${attribute}`);
        const res = resources[id];
        if (!res || res.physicalId === undefined) throw new KmsError('ValidationError', `Template error: resource ${id} is not created yet`);
        if (!Object.hasOwn(res.attributes, attribute)) {
          throw new KmsError('ValidationError', `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
        }
        return res.attributes[attribute];
      },
      importValue: (name) => {
        const e = this.exports.get(name);
        if (!e) throw new KmsError('ValidationError', `No export named ${name} found.`);
        this.usedImports.add(name);
        return e.value;
      },
    };
  }

  private conditions(template: Template, parameters: Readonly<Record<string, string>>): Map<string, boolean> {
    return evaluateConditions(template, this.scope(template, {}, parameters));
  }

  /** The resources a template makes under these parameters (a false Condition leaves one out), in creation order. */
  private wanted(template: Template, conditions: ReadonlyMap<string, boolean>): string[] {
    const include = new Set(Object.entries(template.Resources).filter(([, r]) => r.Condition === undefined || conditions.get(r.Condition) === true).map(([id]) => id));
    return creationOrder(template, include);
  }

  private properties(template: Template, logicalId: string, scope: EvalScope, conditions: ReadonlyMap<string, boolean>): Record<string, unknown> {
    const resolved = resolveValue(template.Resources[logicalId]!.Properties ?? {}, scope, conditions);
    return resolved === NO_VALUE || resolved === null || typeof resolved !== 'object' ? {} : (resolved as Record<string, unknown>);
  }

  private provider(type: string): ResourceProvider {
    const p = PROVIDERS[type];
    // checkTemplate refused every other type before the stack existed
    if (!p) throw new KmsError('ValidationError', `Template format error: Unrecognized resource types: [${type}]`);
    return p;
  }

  private context(logicalId: string): ProviderContext {
    return { kms: this.kms, region: this.run.region, account: this.run.account, partition: this.run.partition, logicalId, stackTags: this.stack.tags };
  }

  // ---- one resource ----

  private async createResource(template: Template, logicalId: string, scope: EvalScope, conditions: ReadonlyMap<string, boolean>): Promise<ResourceRecord> {
    const decl = template.Resources[logicalId]!;
    const res: ResourceRecord = {
      logicalId,
      type: decl.Type,
      status: 'CREATE_IN_PROGRESS',
      timestamp: this.now(),
      properties: {},
      attributes: {},
      ...(decl.DeletionPolicy !== undefined ? { deletionPolicy: decl.DeletionPolicy } : {}),
      ...(decl.UpdateReplacePolicy !== undefined ? { updateReplacePolicy: decl.UpdateReplacePolicy } : {}),
    };
    try {
      res.properties = this.properties(template, logicalId, scope, conditions);
      await this.setResource(res, 'CREATE_IN_PROGRESS');
      const provider = this.provider(decl.Type);
      const props = provider.validate(logicalId, res.properties);
      // kept as checked ("true" from a parameter is true), so that an update compares like with like
      res.properties = props;
      const state = await provider.create(this.context(logicalId), props);
      res.physicalId = state.physicalId;
      res.attributes = state.attributes;
      await this.setResource(res, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
      await this.setResource(res, 'CREATE_COMPLETE');
      return res;
    } catch (err) {
      const reason = failureReason(err, this.requestToken);
      await this.setResource(res, 'CREATE_FAILED', reason);
      throw new StepFailure(logicalId, reason);
    }
  }

  /**
   * Deletes one resource as its DeletionPolicy says (or, for the old copy of a replaced one, its
   * UpdateReplacePolicy). `rollingBackCreate`: the stack's own create is being undone, when
   * RetainExceptOnCreate deletes.
   */
  private async deleteResource(res: ResourceRecord, policy: string | undefined, rollingBackCreate: boolean): Promise<void> {
    const retain = policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !rollingBackCreate);
    if (retain || res.physicalId === undefined) {
      // nothing was made (a create that failed) or it stays: CloudFormation forgets it either way
      await this.setResource(res, retain && res.physicalId !== undefined ? 'DELETE_SKIPPED' : 'DELETE_COMPLETE');
      return;
    }
    await this.setResource(res, 'DELETE_IN_PROGRESS');
    try {
      await this.provider(res.type).delete(this.context(res.logicalId), { physicalId: res.physicalId, attributes: res.attributes }, res.properties);
    } catch (err) {
      const reason = failureReason(err, this.requestToken);
      await this.setResource(res, 'DELETE_FAILED', reason);
      throw new StepFailure(res.logicalId, reason);
    }
    await this.setResource(res, 'DELETE_COMPLETE');
  }

  // ---- outputs and exports ----

  private outputs(template: Template, scope: EvalScope, conditions: ReadonlyMap<string, boolean>): OutputRecord[] {
    const out: OutputRecord[] = [];
    for (const [key, decl] of Object.entries(template.Outputs ?? {})) {
      if (decl.Condition !== undefined && conditions.get(decl.Condition) !== true) continue;
      const value = resolveValue(decl.Value, scope, conditions);
      const record: OutputRecord = { OutputKey: key, OutputValue: Array.isArray(value) ? value.join(',') : String(value) };
      if (decl.Description !== undefined) record.Description = String(resolveValue(decl.Description, scope, conditions));
      if (decl.Export !== undefined) record.ExportName = String(resolveValue(decl.Export.Name, scope, conditions));
      out.push(record);
    }
    return out;
  }

  /**
   * Why the outputs cannot be the stack's exports: another stack exports a name already, or an
   * export another stack imports would be removed or change its value (AWS's texts).
   */
  private async exportConflict(outputs: readonly OutputRecord[]): Promise<string | undefined> {
    const values = new Map(outputs.flatMap((o) => (o.ExportName === undefined ? [] : [[o.ExportName, o.OutputValue] as const])));
    for (const name of values.keys()) {
      const e = this.exports.get(name);
      if (e && e.stackId !== this.stack.stackId) return `Export with name ${name} is already exported by stack ${e.stackId.split('/')[1]}`;
    }
    for (const e of this.exports.values()) {
      if (e.stackId !== this.stack.stackId || values.get(e.name) === e.value) continue;
      const users = await this.importersOf(e.name);
      if (users.length) return `Export ${e.name} cannot be updated as it is in use by ${users.join(' and ')}`;
    }
    return undefined;
  }

  /** The names of the live stacks other than this one that import `exportName`. */
  private async importersOf(exportName: string): Promise<string[]> {
    const stacks = await this.run.store.read((reader) => liveStacks(reader, this.run));
    return stacks.filter((s) => s.stackId !== this.stack.stackId && s.imports.includes(exportName)).map((s) => s.stackName);
  }

  private async writeExports(outputs: readonly OutputRecord[]): Promise<void> {
    const names = new Set(outputs.flatMap((o) => (o.ExportName === undefined ? [] : [o.ExportName])));
    await this.run.store.transaction(async (tx) => {
      for (const e of this.exports.values()) if (e.stackId === this.stack.stackId && !names.has(e.name)) tx.delete(exportRecordName(this.run.account, this.run.region, e.name));
      for (const o of outputs) {
        if (o.ExportName !== undefined) tx.put(exportRecordName(this.run.account, this.run.region, o.ExportName), { name: o.ExportName, stackId: this.stack.stackId, value: o.OutputValue });
      }
    });
  }

  // ---- create ----

  /**
   * Creates every resource of a new stack (status CREATE_IN_PROGRESS, its event written), then
   * its outputs. On failure: OnFailure ROLLBACK (the default) undoes what was made in reverse
   * order; DO_NOTHING (or DisableRollback) stops at CREATE_FAILED; DELETE rolls back and deletes.
   */
  async create(prepared: PreparedTemplate, onFailure: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING'): Promise<void> {
    const { template, parameters } = prepared;
    const made: ResourceRecord[] = [];
    let reason: string;
    try {
      const conditions = this.conditions(template, parameters);
      const scope = this.scope(template, this.stack.resources, parameters);
      for (const id of this.wanted(template, conditions)) made.push(await this.createResource(template, id, scope, conditions));
      const outputs = this.outputs(template, scope, conditions);
      const conflict = await this.exportConflict(outputs);
      if (conflict === undefined) {
        this.stack.outputs = outputs;
        this.stack.imports = [...this.usedImports];
        await this.writeExports(outputs);
        await this.setStatus('CREATE_COMPLETE');
        return;
      }
      reason = `${conflict}.`;
    } catch (err) {
      if (!(err instanceof StepFailure) && !(err instanceof KmsError)) throw err;
      const failed = err instanceof StepFailure ? [err.logicalId] : [];
      if (err instanceof StepFailure) made.push(this.stack.resources[err.logicalId]!);
      reason = failed.length ? `The following resource(s) failed to create: [${failed.join(', ')}]. ` : `${err.message}. `;
    }
    if (onFailure === 'DO_NOTHING') {
      await this.setStatus('CREATE_FAILED', reason.trimEnd());
      return;
    }
    await this.setStatus('ROLLBACK_IN_PROGRESS', `${reason.trimEnd()} Rollback requested by user.`);
    try {
      for (const res of [...made].reverse()) await this.deleteResource(res, res.deletionPolicy, true);
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      await this.setStatus('ROLLBACK_FAILED', `The following resource(s) failed to delete: [${err.logicalId}]. `);
      return;
    }
    this.stack.resources = {};
    if (onFailure === 'DELETE') {
      await this.setStatus('DELETE_COMPLETE');
      return;
    }
    await this.setStatus('ROLLBACK_COMPLETE');
  }

  // ---- update ----

  /**
   * What an update to `prepared` would do to each resource, without doing it: references to
   * resources that will be made or replaced are placeholders, which count as changes.
   */
  plan(prepared: PreparedTemplate, tags: readonly { Key: string; Value: string }[] = this.stack.tags): PlannedChange[] {
    const { template, parameters } = prepared;
    // new stack tags are a change of every resource that takes them
    const retag = !sameValue(tags, this.stack.tags);
    const conditions = this.conditions(template, parameters);
    const order = this.wanted(template, conditions);
    const pending = new Set<string>();
    const changes: PlannedChange[] = [];
    const scope = this.scope(template, this.stack.resources, parameters, pending);
    for (const id of order) {
      const decl = template.Resources[id]!;
      const old = this.stack.resources[id];
      if (!old || old.physicalId === undefined) {
        pending.add(id);
        changes.push({ logicalId: id, type: decl.Type, action: 'Add', replacement: false, properties: [] });
        continue;
      }
      const provider = this.provider(decl.Type);
      let after = this.properties(template, id, scope, conditions);
      try {
        after = provider.validate(id, after);
      } catch {
        // an invalid value is still a change: the update will fail on it, as on AWS
      }
      const changed = changedProperties(old.properties, after);
      const policiesChanged = old.deletionPolicy !== decl.DeletionPolicy || old.updateReplacePolicy !== decl.UpdateReplacePolicy;
      if (old.type !== decl.Type) {
        pending.add(id);
        changes.push({ logicalId: id, type: decl.Type, action: 'Modify', replacement: true, physicalId: old.physicalId, properties: changed });
      } else if (changed.length || policiesChanged || (retag && provider.taggable)) {
        const replacement = changed.length > 0 && provider.needsReplacement(old.properties, after);
        if (replacement) pending.add(id);
        const properties = retag && provider.taggable && !changed.includes('Tags') ? [...changed, 'Tags'] : changed;
        changes.push({ logicalId: id, type: decl.Type, action: 'Modify', replacement, physicalId: old.physicalId, properties });
      }
    }
    const kept = new Set(order);
    for (const [id, old] of Object.entries(this.stack.resources)) {
      if (!kept.has(id)) changes.push({ logicalId: id, type: old.type, action: 'Remove', replacement: false, ...(old.physicalId !== undefined ? { physicalId: old.physicalId } : {}), properties: [] });
    }
    return changes;
  }

  /** True when an update to `prepared` (with these stack-level settings) changes nothing. */
  unchanged(prepared: PreparedTemplate, settings: { description?: string; tags: readonly { Key: string; Value: string }[] }): boolean {
    if (this.plan(prepared, settings.tags).length) return false;
    const conditions = this.conditions(prepared.template, prepared.parameters);
    let outputs: OutputRecord[];
    try {
      outputs = this.outputs(prepared.template, this.scope(prepared.template, this.stack.resources, prepared.parameters), conditions);
    } catch {
      return false;
    }
    return sameValue(outputs, this.stack.outputs) && settings.description === this.stack.description && sameValue(settings.tags, this.stack.tags);
  }

  /**
   * Moves the stack to `prepared` (the stack is UPDATE_IN_PROGRESS, its event written): makes
   * new resources, updates changed ones in place or replaces them, in dependency order; then
   * removes what the template dropped and the old copies of replaced ones. A failure rolls back
   * to the stack as it was (UPDATE_ROLLBACK_COMPLETE), unless rollback is disabled.
   * `commitTemplate` writes the new template, parameters and settings once the update holds.
   */
  async update(prepared: PreparedTemplate, disableRollback: boolean, retag: boolean, commitTemplate: () => void, restoreTemplate: () => void): Promise<void> {
    const { template, parameters } = prepared;
    const before = structuredClone(this.stack.resources);
    const undo: Array<{ kind: UndoKind; old?: ResourceRecord; now: ResourceRecord }> = [];
    let failure: StepFailure | KmsError;
    let action = 'update';
    try {
      const conditions = this.conditions(template, parameters);
      const order = this.wanted(template, conditions);
      const scope = this.scope(template, this.stack.resources, parameters);
      for (const id of order) {
        const decl = template.Resources[id]!;
        const old = before[id];
        if (!old || old.physicalId === undefined) {
          action = 'create';
          try {
            undo.push({ kind: 'create', now: await this.createResource(template, id, scope, conditions) });
          } catch (err) {
            // what failed to be made is taken out of the stack by the rollback too
            if (err instanceof StepFailure) undo.push({ kind: 'create', now: this.stack.resources[id]! });
            throw err;
          }
          continue;
        }
        action = 'update';
        await this.updateResource(template, id, old, scope, conditions, undo, retag);
        // a resource whose policies alone changed keeps its physical resource
        const res = this.stack.resources[id]!;
        if (decl.DeletionPolicy === undefined) delete res.deletionPolicy;
        else res.deletionPolicy = decl.DeletionPolicy;
        if (decl.UpdateReplacePolicy === undefined) delete res.updateReplacePolicy;
        else res.updateReplacePolicy = decl.UpdateReplacePolicy;
      }
      const outputs = this.outputs(template, scope, conditions);
      const conflict = await this.exportConflict(outputs);
      if (conflict !== undefined) throw new KmsError('ValidationError', conflict);
      // the update holds: the new template is the stack's, then the old resources go
      this.stack.outputs = outputs;
      this.stack.imports = [...this.usedImports];
      commitTemplate();
      await this.writeExports(outputs);
      await this.setStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      const kept = new Set(order);
      const removed = Object.keys(before).filter((id) => !kept.has(id)).reverse();
      for (const id of removed) {
        const res = before[id]!;
        try {
          await this.deleteResource(res, res.deletionPolicy, false);
        } catch (err) {
          if (!(err instanceof StepFailure)) throw err;
          // a cleanup failure leaves the resource behind; the update itself stands
        }
        delete this.stack.resources[id];
      }
      for (const step of undo) {
        if (step.kind !== 'replace' || !step.old) continue;
        try {
          await this.deleteOldCopy(step.old);
        } catch (err) {
          if (!(err instanceof StepFailure)) throw err;
        }
      }
      await this.setStatus('UPDATE_COMPLETE');
      return;
    } catch (err) {
      if (!(err instanceof StepFailure) && !(err instanceof KmsError)) throw err;
      failure = err;
    }
    const reason =
      failure instanceof StepFailure ? `The following resource(s) failed to ${action}: [${failure.logicalId}]. ` : `${failure.message}`;
    if (disableRollback) {
      await this.setStatus('UPDATE_FAILED', reason);
      return;
    }
    await this.setStatus('UPDATE_ROLLBACK_IN_PROGRESS', reason);
    // the stack's previous template, parameters and tags, which the resources go back to
    restoreTemplate();
    // resources updated in place go back first; what the update made goes in the cleanup after
    try {
      for (const step of [...undo].reverse()) if (step.kind === 'update' || step.kind === 'unchanged') await this.undoStep(step);
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      await this.setStatus('UPDATE_ROLLBACK_FAILED', `The following resource(s) failed to update: [${err.logicalId}]. `);
      return;
    }
    await this.setStatus('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    for (const step of [...undo].reverse()) {
      if (step.kind !== 'create' && step.kind !== 'replace') continue;
      // a new resource goes; of a replaced one the new copy goes and the old one is the stack's again
      try {
        await this.deleteResource({ ...step.now }, step.kind === 'create' ? step.now.deletionPolicy : undefined, true);
      } catch (err) {
        if (!(err instanceof StepFailure)) throw err;
      }
      if (step.kind === 'create') delete this.stack.resources[step.now.logicalId];
      else this.stack.resources[step.now.logicalId] = step.old!;
    }
    await this.setStatus('UPDATE_ROLLBACK_COMPLETE');
  }

  private async updateResource(
    template: Template,
    id: string,
    old: ResourceRecord,
    scope: EvalScope,
    conditions: ReadonlyMap<string, boolean>,
    undo: Array<{ kind: UndoKind; old?: ResourceRecord; now: ResourceRecord }>,
    retag: boolean,
  ): Promise<void> {
    const decl = template.Resources[id]!;
    const provider = this.provider(decl.Type);
    const res: ResourceRecord = { ...structuredClone(old) };
    let after: Record<string, unknown>;
    try {
      after = provider.validate(id, this.properties(template, id, scope, conditions));
    } catch (err) {
      const reason = failureReason(err, this.requestToken);
      res.properties = this.properties(template, id, scope, conditions);
      await this.setResource(res, 'UPDATE_FAILED', reason);
      throw new StepFailure(id, reason);
    }
    // unchanged, unless the stack's tags changed and the type takes them
    if (old.type === decl.Type && sameValue(old.properties, after) && !(retag && provider.taggable)) return;
    const replace = old.type !== decl.Type || provider.needsReplacement(old.properties, after);
    res.type = decl.Type;
    res.properties = after;
    if (replace) {
      await this.setResource(res, 'UPDATE_IN_PROGRESS', 'Requested update requires the creation of a new physical resource; hence creating one.');
      try {
        const state = await provider.create(this.context(id), after);
        res.physicalId = state.physicalId;
        res.attributes = state.attributes;
      } catch (err) {
        const reason = failureReason(err, this.requestToken);
        this.stack.resources[id] = old;
        await this.commit([this.resourceEvent({ ...res, physicalId: undefined }, 'UPDATE_FAILED', reason, '')]);
        throw new StepFailure(id, reason);
      }
      undo.push({ kind: 'replace', old, now: res });
      await this.setResource(res, 'UPDATE_IN_PROGRESS', 'Resource creation Initiated');
      await this.setResource(res, 'UPDATE_COMPLETE');
      return;
    }
    await this.setResource(res, 'UPDATE_IN_PROGRESS');
    const changesBefore = this.changes;
    try {
      const state = await provider.update(this.context(id), { physicalId: old.physicalId!, attributes: old.attributes }, old.properties, after);
      res.physicalId = state.physicalId;
      res.attributes = state.attributes;
    } catch (err) {
      const reason = failureReason(err, this.requestToken);
      await this.setResource(res, 'UPDATE_FAILED', reason);
      // an update refused before it changed anything (a KeySpec change) leaves nothing to undo
      undo.push({ kind: this.changes === changesBefore ? 'unchanged' : 'update', old, now: res });
      throw new StepFailure(id, reason);
    }
    undo.push({ kind: 'update', old, now: res });
    await this.setResource(res, 'UPDATE_COMPLETE');
  }

  /** The old copy of a replaced resource, removed as its UpdateReplacePolicy says. */
  private async deleteOldCopy(old: ResourceRecord): Promise<void> {
    const current = this.stack.resources[old.logicalId];
    await this.deleteResource({ ...old }, old.updateReplacePolicy, false);
    // deleteResource recorded the old copy as the resource; the stack keeps the new one
    if (current) this.stack.resources[old.logicalId] = current;
    await this.commit();
  }

  /** Updates a resource back to what it was before the update (the rollback of an in-place update). */
  private async undoStep(step: { kind: UndoKind; old?: ResourceRecord; now: ResourceRecord }): Promise<void> {
    const old = step.old!;
    if (step.kind === 'unchanged') {
      const back = { ...old };
      await this.setResource(back, 'UPDATE_IN_PROGRESS');
      await this.setResource(back, 'UPDATE_COMPLETE');
      return;
    }
    const res = { ...step.now };
    await this.setResource(res, 'UPDATE_IN_PROGRESS');
    try {
      const state: ResourceState = await this.provider(old.type).update(this.context(old.logicalId), { physicalId: res.physicalId!, attributes: res.attributes }, step.now.properties, old.properties);
      res.attributes = state.attributes;
    } catch (err) {
      const reason = failureReason(err, this.requestToken);
      await this.setResource(res, 'UPDATE_FAILED', reason);
      throw new StepFailure(old.logicalId, reason);
    }
    res.properties = old.properties;
    await this.setResource(res, 'UPDATE_COMPLETE');
  }

  // ---- delete ----

  /**
   * Deletes the stack's resources in reverse creation order (DeletionPolicy Retain keeps one;
   * `retain` names resources to keep when retrying a DELETE_FAILED stack), then the stack.
   */
  async delete(retain: ReadonlySet<string>): Promise<void> {
    const template = await this.templateOrUndefined();
    const order = template ? creationOrder(template, new Set(Object.keys(this.stack.resources).filter((id) => template.Resources[id]))) : [];
    const rest = Object.keys(this.stack.resources).filter((id) => !order.includes(id));
    try {
      for (const id of [...order, ...rest].reverse()) {
        const res = this.stack.resources[id]!;
        await this.deleteResource(res, retain.has(id) ? 'Retain' : res.deletionPolicy, false);
      }
    } catch (err) {
      if (!(err instanceof StepFailure)) throw err;
      await this.setStatus('DELETE_FAILED', `The following resource(s) failed to delete: [${err.logicalId}]. `);
      return;
    }
    await this.run.store.transaction(async (tx) => {
      for (const e of this.exports.values()) if (e.stackId === this.stack.stackId) tx.delete(exportRecordName(this.run.account, this.run.region, e.name));
    });
    this.stack.imports = [];
    await this.setStatus('DELETE_COMPLETE');
  }

  private async templateOrUndefined(): Promise<Template | undefined> {
    try {
      return parseTemplate(this.stack.templateBody);
    } catch {
      return undefined;
    }
  }

  /**
   * AWS's reason a stack cannot be deleted while another imports one of its exports (the first
   * such export, with every stack that imports it), or undefined.
   */
  async exportInUse(): Promise<string | undefined> {
    for (const e of this.exports.values()) {
      if (e.stackId !== this.stack.stackId) continue;
      const users = await this.importersOf(e.name);
      if (users.length) return `Export ${e.name} cannot be deleted as it is in use by ${users.join(' and ')}`;
    }
    return undefined;
  }

}
