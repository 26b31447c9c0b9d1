import { conversationPortContract } from '../../support/conversation/port-contract.js';
import { teamsHarness } from '../../support/teams/teams-harness.js';

conversationPortContract('teams', teamsHarness);
