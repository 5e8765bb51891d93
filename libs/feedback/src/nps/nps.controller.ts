import { Body, Controller, Get, Header, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { IpRateLimit, Public, RequireRole } from '@app/auth';
import { AnswerNpsDto, NpsAnswerDto } from './dto/answer-nps.dto';
import { NpsLinkQueryDto } from './dto/nps-link.query.dto';
import { NpsLinkErrorFilter } from './nps-link-error.filter';
import { thankYouPage } from './nps-page';
import { NpsService } from './nps.service';

@Controller('nps')
export class NpsController {
  constructor(private readonly nps: NpsService) {}

  @Post()
  @HttpCode(201)
  @RequireRole('ingest')
  @ApiCreatedResponse({
    description: 'Committed; one answer per user and survey (a second one replaces the first)',
    schema: {
      type: 'object',
      required: ['userId', 'surveyId', 'score', 'category', 'replaced'],
      properties: {
        userId: { type: 'string' },
        surveyId: { type: 'string' },
        score: { type: 'integer', minimum: 0, maximum: 10 },
        category: { enum: ['detractor', 'passive', 'promoter'] },
        replaced: { type: 'boolean' },
      },
    },
  })
  answer(@Body() dto: AnswerNpsDto): Promise<NpsAnswerDto> {
    return this.nps.answer(dto);
  }

  /** One-click answer from an e-mail link; the signed token names the user and the survey. */
  @Get()
  @Public()
  @IpRateLimit()
  @UseFilters(NpsLinkErrorFilter)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'A thank-you page',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async answerFromLink(@Query() query: NpsLinkQueryDto): Promise<string> {
    const answer = await this.nps.answerFromLink(query.token, query.score);
    return thankYouPage(answer.score);
  }
}
