import { IsString } from 'class-validator';
import { CreateFirmInput } from '@vg/firms/dto/firm.inputs';
IsString()(CreateFirmInput.prototype, 'joinedOn');
