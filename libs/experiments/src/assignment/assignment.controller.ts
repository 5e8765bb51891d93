import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireRole } from '@app/auth';
import { ExperimentKeyParams } from '../admin/experiment.dto';
import { AssignmentQueryDto, AssignmentView } from './assignment.dto';
import { AssignmentService } from './assignment.service';

@Controller('experiments')
export class AssignmentController {
  constructor(private readonly assignments: AssignmentService) {}

  /** Deterministic variant of a user (GrowthBook hash v2); the first call records the exposure. */
  @Get(':key/assignment')
  @RequireRole('ingest')
  assignment(
    @Param() params: ExperimentKeyParams,
    @Query() query: AssignmentQueryDto,
  ): Promise<AssignmentView> {
    return this.assignments.assign(params.key, query.userId);
  }
}
