import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { MessagesApi, ModelClient, ModelProvider, ModelRequest, RoundListener } from '../claude/model-client.js';

/** The Messages API surface shared by Anthropic's SDK clients for its own API, Bedrock and Vertex. */
export interface SdkMessages extends MessagesApi {
  stream(request: ModelRequest, options: { signal: AbortSignal }): MessageStream;
}

/** The agent's client for an Anthropic SDK client someone built (tests, benchmarks, embedders). */
export function anthropicModel(sdk: { messages: SdkMessages }, provider: ModelProvider = 'anthropic'): ModelClient {
  return new SdkModelClient(provider, sdk.messages);
}

/**
 * A ModelClient over one of Anthropic's SDK clients. Bedrock and Vertex differ from the API only in transport
 * (SigV4 and an event stream, Google OAuth and another path), which their SDKs handle, so one adapter serves all three.
 */
export class SdkModelClient implements ModelClient {
  constructor(
    readonly provider: ModelProvider,
    readonly messages: SdkMessages,
  ) {}

  async round(request: ModelRequest, options: { signal: AbortSignal; listener?: RoundListener }): Promise<Message> {
    const stream = this.messages.stream(request, { signal: options.signal });
    const { listener } = options;
    if (listener) {
      stream.on('streamEvent', (event) => {
        if (event.type === 'content_block_start' && event.content_block.type === 'text') listener.textBlock();
        else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') listener.text(event.delta.text);
      });
    }
    return stream.finalMessage();
  }
}
