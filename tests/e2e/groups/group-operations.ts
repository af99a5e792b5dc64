import { FirmEntity, FirmProcessEntity } from '@vg/firms';
import { DataSource } from 'typeorm';
import { uniqueUscc } from '../../support/unique';
import { dataOf, GraphqlResponse, TestApp } from '../../support/test-app';

/** The GraphQL documents of the groups context, as a client sends them. */
export const GROUP_FIELDS = `id parkId name productLine stageProcesses leadFirmId leadFirmName status formedOn dissolvedOn
  rejectionReason currentMemberCount members { id firmId firmName stageProcess joinedOn leftOn }`;

export interface GroupView {
  id: string;
  parkId: string;
  name: string;
  status: string;
  formedOn: string | null;
  rejectionReason: string | null;
  leadFirmId: string;
  currentMemberCount: number;
  members: { id: string; firmId: string; stageProcess: string; joinedOn: string; leftOn: string | null }[];
}

export interface MemberArgs {
  firmId: string;
  stageProcess: string;
  joinedOn: string;
}

export interface FormArgs {
  name: string;
  productLine: string;
  stageProcesses: string[];
  leadFirmId?: string;
  members: MemberArgs[];
}

export function formGroupRequest(app: TestApp, token: string, input: FormArgs) {
  return app.gql<{ formVirtualGroup: GroupView }>(
    `mutation ($input: FormVirtualGroupInput!) { formVirtualGroup(input: $input) { ${GROUP_FIELDS} } }`,
    { input },
    token,
  );
}

export async function formGroup(app: TestApp, token: string, input: FormArgs): Promise<GroupView> {
  return dataOf(await formGroupRequest(app, token, input)).formVirtualGroup;
}

export function groupRequest(
  app: TestApp,
  token: string,
  id: string,
): Promise<GraphqlResponse<{ virtualGroup: GroupView }>> {
  return app.gql(`query ($id: ID!) { virtualGroup(id: $id) { ${GROUP_FIELDS} } }`, { id }, token);
}

export function decideRequest(
  app: TestApp,
  token: string,
  operation: 'approveVirtualGroup' | 'dissolveVirtualGroup',
  id: string,
) {
  return app.gql<Record<string, GroupView>>(
    `mutation ($id: ID!) { ${operation}(id: $id) { ${GROUP_FIELDS} } }`,
    { id },
    token,
  );
}

export function rejectRequest(app: TestApp, token: string, groupId: string, reason: string) {
  return app.gql<{ rejectVirtualGroup: GroupView }>(
    `mutation ($input: RejectVirtualGroupInput!) { rejectVirtualGroup(input: $input) { ${GROUP_FIELDS} } }`,
    { input: { groupId, reason } },
    token,
  );
}

export function addMemberRequest(app: TestApp, token: string, input: MemberArgs & { groupId: string }) {
  return app.gql<{ addGroupMember: GroupView }>(
    `mutation ($input: AddGroupMemberInput!) { addGroupMember(input: $input) { ${GROUP_FIELDS} } }`,
    { input },
    token,
  );
}

export function endMembershipRequest(app: TestApp, token: string, memberId: string, leftOn: string) {
  return app.gql<{ endGroupMembership: GroupView }>(
    `mutation ($input: EndGroupMembershipInput!) { endGroupMembership(input: $input) { ${GROUP_FIELDS} } }`,
    { input: { memberId, leftOn } },
    token,
  );
}

/** A further firm in a park, with the processes it does (written straight to the tables, like the base seed). */
export async function insertFirm(
  dataSource: DataSource,
  firm: { id: string; parkId: string; name: string; processes: string[]; joinedOn?: string },
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.insert(FirmEntity, {
      id: firm.id,
      parkId: firm.parkId,
      uscc: uniqueUscc(),
      name: firm.name,
      industryCode: '18',
      industryGroup: '纺织服装',
      employees: 30,
      address: '临平区某路9号',
      joinedOn: firm.joinedOn ?? '2024-03-01',
    });
    await manager.insert(
      FirmProcessEntity,
      firm.processes.map((processCode) => ({ firmId: firm.id, parkId: firm.parkId, processCode })),
    );
  });
}
