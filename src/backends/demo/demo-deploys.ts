import { ToolFailure } from '../../errors.js';
import type { DeployRecord, DeployRequest, DeploysPort, RollbackRequest } from '../ports/deploys.js';
import type { DemoContext } from './demo-context.js';
import { type DeployLedger, type StoredDeploy, FAILURE_POINT, environmentHistory, runningState, viewDeploy } from './deploy-ledger.js';
import { resolveEnvironment, resolveService } from './fleet-catalog.js';
import { deployId, seedLedger } from './fleet-seed.js';
import { assertReachable } from './simulated-outage.js';
import { normalizeVersion } from './version-label.js';

const NAMESPACE = 'demo-deploys';
// Old records beyond this are dropped so a long-running demo's documents stay small.
const KEPT_DEPLOYS = 200;

/** The simulated deploy system: versions per service and environment, persisted, with deploys that progress with the clock. */
export class DemoDeploys implements DeploysPort {
  constructor(private readonly context: DemoContext) {}

  async current(service: string, environment: string): Promise<{ version: string | null; inProgress: DeployRecord | null }> {
    assertReachable(this.context.config, 'deploys');
    const name = resolveService(this.context.config, service).name;
    const env = resolveEnvironment(this.context.config, environment);
    return runningState(await this.ledger(name), env, this.context.now());
  }

  async history(service: string, environment: string | undefined, limit: number): Promise<DeployRecord[]> {
    assertReachable(this.context.config, 'deploys');
    const name = resolveService(this.context.config, service).name;
    const env = environment === undefined ? undefined : resolveEnvironment(this.context.config, environment);
    const at = this.context.now();
    const ledger = await this.ledger(name);
    return ledger.deploys
      .filter((deploy) => env === undefined || deploy.environment === env)
      .reverse()
      .slice(0, Math.max(0, limit))
      .map((deploy) => viewDeploy(deploy, at));
  }

  async get(id: string): Promise<DeployRecord | null> {
    assertReachable(this.context.config, 'deploys');
    const at = this.context.now();
    for (const service of this.context.config.services) {
      const found = (await this.ledger(service.name)).deploys.find((deploy) => deploy.id === id);
      if (found) return viewDeploy(found, at);
    }
    return null;
  }

  async preflight(request: { service: string; environment: string; version: string }): Promise<{ version: string; resolved: string }> {
    assertReachable(this.context.config, 'deploys');
    const service = resolveService(this.context.config, request.service);
    const environment = resolveEnvironment(this.context.config, request.environment);
    // Semver's pre-release and build parts, as the version schema accepts them (v1.0.0-rc.1+build.5).
    if (!/^v?\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(request.version.trim())) {
      throw new ToolFailure(`The demo fleet deploys version labels like v2.4.0; "${request.version}" is not one.`);
    }
    const version = normalizeVersion(request.version);
    refuseWhileBusy(await this.ledger(service.name), service.name, environment, this.context.now());
    // The simulated fleet builds any version label it is given.
    return { version, resolved: `demo build ${version}` };
  }

  async deploy(request: DeployRequest): Promise<DeployRecord> {
    assertReachable(this.context.config, 'deploys');
    const service = resolveService(this.context.config, request.service);
    const environment = resolveEnvironment(this.context.config, request.environment);
    const version = normalizeVersion(request.version);
    return this.start(service.name, (ledger, at) => {
      const running = refuseWhileBusy(ledger, service.name, environment, at);
      if (running === version) throw new ToolFailure(`${service.name} ${version} is already running in ${environment}.`);
      return { kind: 'deploy', environment, version, previousVersion: running, requestedBy: request.requestedBy, approvedBy: request.approvedBy ?? null, forced: request.force === true };
    });
  }

  async rollback(request: RollbackRequest): Promise<DeployRecord> {
    assertReachable(this.context.config, 'deploys');
    const service = resolveService(this.context.config, request.service);
    const environment = resolveEnvironment(this.context.config, request.environment);
    const wanted = request.toVersion === undefined ? undefined : normalizeVersion(request.toVersion);
    return this.start(service.name, (ledger, at) => {
      const running = refuseWhileBusy(ledger, service.name, environment, at);
      const succeeded = [...new Set(environmentHistory(ledger, environment, at).filter((deploy) => deploy.state === 'succeeded').map((deploy) => deploy.version))];
      if (wanted === running && wanted !== undefined) throw new ToolFailure(`${service.name} ${wanted} is already running in ${environment}.`);
      const candidates = succeeded.filter((version) => version !== running);
      const target = wanted ?? candidates[0];
      if (!target) throw new ToolFailure(`${service.name} has no earlier successful version in ${environment} to roll back to.`);
      if (!candidates.includes(target)) {
        throw new ToolFailure(`${service.name} ${target} never ran successfully in ${environment}, so it is not a rollback target. Versions that did: ${candidates.join(', ') || 'none'}.`);
      }
      return { kind: 'rollback', environment, version: target, previousVersion: running, requestedBy: request.requestedBy, approvedBy: request.approvedBy ?? null };
    });
  }

  /** One service's deploy ledger, seeded (and persisted) on first use. */
  async ledger(service: string): Promise<DeployLedger> {
    const stored = await this.context.kv.get<DeployLedger>(NAMESPACE, service);
    if (stored) return stored;
    return this.context.kv.update<DeployLedger>(NAMESPACE, service, () => this.seed(service), (ledger) => ledger);
  }

  /** Appends a deploy inside one transaction, so the in-progress check and the append cannot interleave with another writer. */
  private async start(
    service: string,
    plan: (ledger: DeployLedger, at: Date) => Pick<StoredDeploy, 'kind' | 'environment' | 'version' | 'previousVersion' | 'requestedBy' | 'approvedBy' | 'forced'>,
  ): Promise<DeployRecord> {
    const at = this.context.now();
    let started: StoredDeploy | undefined;
    await this.context.kv.update<DeployLedger>(
      NAMESPACE,
      service,
      () => this.seed(service),
      (ledger) => {
        const broken = (version: string) => this.context.config.demo.brokenVersions.some((entry) => normalizeVersion(entry) === version);
        const planned = plan(ledger, at);
        started = {
          ...planned,
          id: deployId(service, ledger.nextNumber),
          service,
          startedAt: at.toISOString(),
          durationSeconds: this.context.config.demo.deploySeconds,
          outcome: broken(planned.version) ? 'failed' : 'succeeded',
          failsAt: broken(planned.version) ? FAILURE_POINT : 1,
        };
        return { ...ledger, nextNumber: ledger.nextNumber + 1, deploys: [...ledger.deploys, started].slice(-KEPT_DEPLOYS) };
      },
    );
    return viewDeploy(started!, at);
  }

  private seed(service: string): DeployLedger {
    return seedLedger(this.context.config, resolveService(this.context.config, service), this.context.now());
  }
}

/** Refuses a second deploy while one runs for the same service and environment; returns the running version. */
function refuseWhileBusy(ledger: DeployLedger, service: string, environment: string, at: Date): string | null {
  const state = runningState(ledger, environment, at);
  if (state.inProgress) {
    const busy = state.inProgress;
    throw new ToolFailure(
      `${service} already has a ${busy.kind} in progress in ${environment}: ${busy.version} at ${Math.round(busy.progress * 100)}% (${busy.id}, started by ${busy.requestedBy}). Wait for it to finish.`,
    );
  }
  return state.version;
}
