// Background work is not Slack's own: every front end and the webhook receiver track work this way.
export { BackgroundWork } from '../background-work.js';
