import { AppConfig } from '@vg/core';
import { Logger } from 'pino';

export async function loadDemoClusterIfEmpty(_url: string, _config: AppConfig, _logger: Logger): Promise<void> {}
