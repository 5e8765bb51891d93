import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { CurrentPrincipal } from '@app/auth';
import type { ApiKeyPrincipal } from '@app/auth';
import { AlertIdParams } from '../alerts/alert-id.params';
import { CreateSilenceDto, ListSilencesQueryDto } from './silence.dto';
import { SilenceView, SilencesService } from './silences.service';

/** Silences CRUD; DELETE expires (the silence stays on record). */
@Controller('admin/silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Post()
  create(
    @Body() body: CreateSilenceDto,
    @CurrentPrincipal() principal?: ApiKeyPrincipal,
  ): Promise<SilenceView> {
    return this.silences.create(body, principal?.name ?? 'admin');
  }

  /** `{items, total}` like every other admin list; `limit` (default 100) and `offset` page it. */
  @Get()
  async list(@Query() query: ListSilencesQueryDto): Promise<{ items: SilenceView[]; total: number }> {
    const all = await this.silences.list(query.state);
    const offset = query.offset ?? 0;
    return { items: all.slice(offset, offset + (query.limit ?? 100)), total: all.length };
  }

  @Get(':id')
  get(@Param() params: AlertIdParams): Promise<SilenceView> {
    return this.silences.get(params.id);
  }

  @Put(':id')
  update(
    @Param() params: AlertIdParams,
    @Body() body: CreateSilenceDto,
    @CurrentPrincipal() principal?: ApiKeyPrincipal,
  ): Promise<SilenceView> {
    return this.silences.update(params.id, body, principal?.name ?? 'admin');
  }

  @Delete(':id')
  expire(@Param() params: AlertIdParams): Promise<SilenceView> {
    return this.silences.expire(params.id);
  }
}
