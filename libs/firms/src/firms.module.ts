import { Module } from '@nestjs/common';
import { IdentityModule } from '@vg/identity';
import { FirmCertificationsResolver } from './certifications/firm-certifications.resolver';
import { FirmCertificationsService } from './certifications/firm-certifications.service';
import { FirmOwnerInvitationService } from './firm-owner-invitation.service';
import { FirmsResolver } from './firms.resolver';
import { FirmsService } from './firms.service';
import { LandPlotsService } from './land-plots.service';
import { ProcessCatalogueService } from './process-catalogue.service';
import { RegistryImportService } from './registry/registry-import.service';

@Module({
  imports: [IdentityModule],
  providers: [
    FirmsService,
    LandPlotsService,
    ProcessCatalogueService,
    FirmOwnerInvitationService,
    RegistryImportService,
    FirmsResolver,
    FirmCertificationsService,
    FirmCertificationsResolver,
  ],
  exports: [FirmsService, RegistryImportService],
})
export class FirmsModule {}
