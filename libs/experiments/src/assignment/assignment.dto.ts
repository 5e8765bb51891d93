import { IsUserId } from '@app/validation';

export class AssignmentQueryDto {
  /** Used verbatim (no trimming): the hash input must be the same string a GrowthBook SDK would see. */
  @IsUserId()
  userId!: string;
}

export interface AssignmentView {
  experiment: string;
  /** Null when the user is outside coverage or the experiment is not running. */
  variant: string | null;
}
