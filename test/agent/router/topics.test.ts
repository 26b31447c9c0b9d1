import { describe, expect, it } from 'vitest';
import { requestTopics } from '../../../src/agent/router/topics.js';
import { testConfig } from '../../support/test-opsbot.js';

describe('requestTopics (the classifier that picks tool groups)', () => {
  const config = testConfig();

  it('gives the tools the router reads in each request of a message', () => {
    expect(requestTopics("deploy frontend v2.4.0 to staging and tell me who's on call for api", config).tools).toEqual(['deploy', 'oncall']);
    expect(requestTopics("how's frontend load?", config).tools).toEqual(['service_metrics']);
  });

  it('names groups from words even where no rule reads the whole request, in English and Japanese', () => {
    expect(requestTopics('why do the checkout pods keep restarting?', config).groups).toContain('kubernetes');
    expect(requestTopics('put the grafana latency graph here', config).groups).toEqual(expect.arrayContaining(['dashboards', 'status']));
    expect(requestTopics('who approved that last week? need it for the audit', config).groups).toContain('reports');
    expect(requestTopics('決済のポッドが再起動を繰り返している', config).groups).toContain('kubernetes');
    expect(requestTopics('アラートをミュートして', config).groups).toEqual(['alerts']);
  });

  it('finds nothing in a message about nothing it knows', () => {
    expect(requestTopics('thanks!', config)).toEqual({ tools: [], groups: [] });
  });
});
