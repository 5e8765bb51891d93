import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ExperimentResults } from '../results/results.types';
import { ExperimentResultsService } from '../results/experiment-results.service';
import {
  CreateExperimentDto,
  ExperimentKeyParams,
  ExperimentView,
  UpdateExperimentDto,
} from './experiment.dto';
import { ExperimentsAdminService } from './experiments-admin.service';

/** Admin only (the guard's default). */
@Controller('admin/experiments')
export class ExperimentsAdminController {
  constructor(
    private readonly experiments: ExperimentsAdminService,
    private readonly results: ExperimentResultsService,
  ) {}

  @Post()
  create(@Body() dto: CreateExperimentDto): Promise<ExperimentView> {
    return this.experiments.create(dto);
  }

  @Get()
  list(): Promise<ExperimentView[]> {
    return this.experiments.list();
  }

  @Get(':key')
  get(@Param() params: ExperimentKeyParams): Promise<ExperimentView> {
    return this.experiments.get(params.key);
  }

  @Patch(':key')
  update(@Param() params: ExperimentKeyParams, @Body() dto: UpdateExperimentDto): Promise<ExperimentView> {
    return this.experiments.update(params.key, dto);
  }

  @Post(':key/start')
  @HttpCode(HttpStatus.OK)
  start(@Param() params: ExperimentKeyParams): Promise<ExperimentView> {
    return this.experiments.start(params.key);
  }

  @Post(':key/stop')
  @HttpCode(HttpStatus.OK)
  stop(@Param() params: ExperimentKeyParams): Promise<ExperimentView> {
    return this.experiments.stop(params.key);
  }

  @Get(':key/results')
  resultsOf(@Param() params: ExperimentKeyParams): Promise<ExperimentResults> {
    return this.results.results(params.key);
  }
}
