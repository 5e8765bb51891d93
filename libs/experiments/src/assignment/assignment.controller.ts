import { Controller, Get, Param, Query } from '@nestjs/common';
import { RequireRole } from '@app/auth';
import { AssignmentQueryDto, AssignmentView } from './assignment.dto';
import { AssignmentQueryPipe, ExperimentKeyPipe } from './assignment-request.pipes';
import { AssignmentService } from './assignment.service';

@Controller('experiments')
export class AssignmentController {
  constructor(private readonly assignments: AssignmentService) {}

  /**
   * Deterministic variant of a user (GrowthBook hash v2); the first call records the exposure.
   * The query is declared as a plain object so that the global ValidationPipe leaves it to the fast
   * AssignmentQueryPipe (same AssignmentQueryDto rules).
   */
  @Get(':key/assignment')
  @RequireRole('ingest')
  assignment(
    @Param('key', ExperimentKeyPipe) key: string,
    @Query(AssignmentQueryPipe) query: object,
  ): Promise<AssignmentView> {
    return this.assignments.assign(key, (query as AssignmentQueryDto).userId);
  }
}
