import { conversationPortContract } from '../../support/conversation/port-contract.js';
import { mattermostHarness } from '../../support/mattermost/mattermost-harness.js';

conversationPortContract('mattermost', mattermostHarness);
