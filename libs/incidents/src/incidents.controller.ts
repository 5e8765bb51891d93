import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { Author } from './author.decorator';
import { AddNoteDto } from './dto/add-note.dto';
import { AssignCommanderDto } from './dto/assign-commander.dto';
import { ChangeStatusDto } from './dto/change-status.dto';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { ListIncidentsQueryDto } from './dto/list-incidents.query.dto';
import { PostmortemQueryDto } from './dto/postmortem.query.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { IncidentResponseService } from './incident-response.service';
import { IncidentDetailView } from './incident.views';
import { IncidentPage, IncidentsService } from './incidents.service';
import { PostmortemService } from './postmortem.service';
import { ValidationFailedException } from '@app/validation';

const itemIdPipe = new ParseIntPipe({
  exceptionFactory: () => ValidationFailedException.of('itemId', 'invalid', 'itemId must be an integer'),
});

/** Admin API of incidents (admin key: the global guard's default). */
@Controller('admin/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly response: IncidentResponseService,
    private readonly postmortems: PostmortemService,
  ) {}

  @Post()
  create(@Body() dto: CreateIncidentDto, @Author() author: string): Promise<IncidentDetailView> {
    return this.incidents.create(dto, author);
  }

  @Get()
  list(@Query() query: ListIncidentsQueryDto): Promise<IncidentPage> {
    return this.incidents.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<IncidentDetailView> {
    return this.incidents.get(id);
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body() dto: UpdateIncidentDto,
    @Author() author: string,
  ): Promise<IncidentDetailView> {
    return this.incidents.update(id, dto, author);
  }

  @Post(':id/status')
  @HttpCode(200)
  changeStatus(
    @Param('id') id: string,
    @Body() dto: ChangeStatusDto,
    @Author() author: string,
  ): Promise<IncidentDetailView> {
    return this.response.changeStatus(id, dto.status, author, dto.note);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Author() author: string): Promise<IncidentDetailView> {
    return this.response.acknowledge(id, author);
  }

  @Post(':id/commander')
  @HttpCode(200)
  assignCommander(
    @Param('id') id: string,
    @Body() dto: AssignCommanderDto,
    @Author() author: string,
  ): Promise<IncidentDetailView> {
    return this.response.assignCommander(id, dto.commander, author);
  }

  @Post(':id/timeline')
  addNote(
    @Param('id') id: string,
    @Body() dto: AddNoteDto,
    @Author() author: string,
  ): Promise<IncidentDetailView> {
    return this.response.addNote(id, dto.message, author);
  }

  @Post(':id/checklist/:itemId/check')
  @HttpCode(200)
  checkItem(
    @Param('id') id: string,
    @Param('itemId', itemIdPipe) itemId: number,
    @Author() author: string,
  ): Promise<IncidentDetailView> {
    return this.response.checkItem(id, itemId, author);
  }

  /** Content type set after rendering: with @Header, error bodies (JSON) would be labelled Markdown too. */
  @Get(':id/postmortem')
  async postmortem(
    @Param('id') id: string,
    @Query() query: PostmortemQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const markdown = await this.postmortems.render(id, query.lang);
    res.type('text/markdown; charset=utf-8');
    return markdown;
  }
}
