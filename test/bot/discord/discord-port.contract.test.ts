import { conversationPortContract } from '../../support/conversation/port-contract.js';
import { discordHarness } from '../../support/discord/discord-harness.js';

conversationPortContract('discord', () => discordHarness());
