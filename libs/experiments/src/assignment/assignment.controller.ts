import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { RequireRole } from '@app/auth';
import { MAX_USER_ID_LENGTH } from '@app/validation';
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
  @ApiQuery({
    name: 'userId',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: MAX_USER_ID_LENGTH },
  })
  @ApiOkResponse({
    description: 'The variant, or null when the user is outside coverage or the experiment is not running',
    schema: {
      type: 'object',
      required: ['experiment', 'variant'],
      properties: { experiment: { type: 'string' }, variant: { type: 'string', nullable: true } },
    },
    example: { experiment: 'checkout-v2', variant: 'treatment' },
  })
  assignment(
    @Param('key', ExperimentKeyPipe) key: string,
    @Query(AssignmentQueryPipe) query: object,
  ): Promise<AssignmentView> {
    return this.assignments.assign(key, (query as AssignmentQueryDto).userId);
  }
}
