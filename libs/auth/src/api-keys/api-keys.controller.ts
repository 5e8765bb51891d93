import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiKeyService } from '../api-key.service';
import { RequireRole } from '../auth.decorators';
import { ApiKeyIdParams } from './api-key-id.params';
import { ApiKeyView, CreatedApiKeyView, toApiKeyView, toCreatedApiKeyView } from './api-key.views';
import { CreateApiKeyDto } from './create-api-key.dto';

@RequireRole('admin')
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    const created = await this.apiKeys.create({
      name: body.name,
      role: body.role,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    });
    return toCreatedApiKeyView(created);
  }

  @Get()
  async list(): Promise<{ items: ApiKeyView[] }> {
    return { items: (await this.apiKeys.list()).map(toApiKeyView) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async revoke(@Param() params: ApiKeyIdParams): Promise<void> {
    await this.apiKeys.revoke(params.id);
  }
}
