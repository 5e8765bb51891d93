import { Module } from '@nestjs/common';
import { ExperimentsAdminController } from './admin/experiments-admin.controller';
import { ExperimentsAdminService } from './admin/experiments-admin.service';
import { ExperimentsRepository } from './admin/experiments.repository';
import { AssignmentController } from './assignment/assignment.controller';
import { AssignmentService } from './assignment/assignment.service';
import { ExperimentDefinitions } from './assignment/experiment-definitions';
import { ExposureRecorder } from './assignment/exposure-recorder';
import { ExperimentResultsRepository } from './results/experiment-results.repository';
import { ExperimentResultsService } from './results/experiment-results.service';

/** A/B experiments: GrowthBook-compatible assignment, exposures once, results with SRM check. */
@Module({
  controllers: [ExperimentsAdminController, AssignmentController],
  providers: [
    ExperimentsRepository,
    ExperimentDefinitions,
    ExposureRecorder,
    AssignmentService,
    ExperimentsAdminService,
    ExperimentResultsRepository,
    ExperimentResultsService,
  ],
  exports: [AssignmentService, ExperimentResultsService, ExperimentsAdminService],
})
export class ExperimentsModule {}
