import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentChecklistItemEntity } from './incident-checklist-item.entity';
import { IncidentGateway } from './incident-gateway';
import { IncidentGatewayService } from './incident-gateway.service';
import { IncidentMetricsService } from './incident-metrics.service';
import { IncidentReportsController } from './incident-reports.controller';
import { IncidentResponseService } from './incident-response.service';
import { IncidentTimelineEntryEntity } from './incident-timeline-entry.entity';
import { IncidentEntity } from './incident.entity';
import { IncidentStore } from './incident.store';
import { IncidentsReadService } from './incidents-read.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';
import { PostmortemService } from './postmortem.service';

/** Global so that alerting can inject IncidentGateway without importing this module. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([IncidentEntity, IncidentTimelineEntryEntity, IncidentChecklistItemEntity]),
  ],
  controllers: [IncidentsController, IncidentReportsController],
  providers: [
    IncidentStore,
    IncidentMetricsService,
    IncidentsService,
    IncidentResponseService,
    PostmortemService,
    IncidentsReadService,
    IncidentGatewayService,
    { provide: IncidentGateway, useExisting: IncidentGatewayService },
  ],
  exports: [IncidentGateway, IncidentsReadService],
})
export class IncidentsModule {}
