import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../identity/authentication';
import { ErrorResponse } from '../identity/identity-schemas';
import {
  CreateDomainBody, DomainSchema, OrganizationSchema, ProfessionalQuery, ProfessionalSchema, ServiceSchema, UpdateDomainBody,
} from './directory-schemas';
import { toDomainResponse, type DirectoryService } from './directory-service';
import type { Professional } from './directory-repository';

const IdParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const tags = ['directory'];

const publicProfessional = ({ organizationId: _organization, teamsUser: _teams, ...rest }: Professional) => rest;

/** Directory reads are public (a visitor may look before signing in); changes are for admins. */
export const directoryRoutes: FastifyPluginAsyncTypebox<{ directory: DirectoryService }> = async (app, { directory }) => {
  app.get('/organization', { schema: { tags, security: [], response: { 200: OrganizationSchema } } }, () => directory.organization());

  app.get('/domains', { schema: { tags, security: [], response: { 200: Type.Array(DomainSchema) } } }, async () =>
    (await directory.domains()).map(toDomainResponse),
  );
  app.get(
    '/domains/:id',
    { schema: { tags, security: [], params: IdParams, response: { 200: DomainSchema, 404: ErrorResponse } } },
    async (request) => toDomainResponse(await directory.domain(request.params.id)),
  );
  app.post(
    '/domains',
    { schema: { tags, summary: 'Register a domain (admins)', body: CreateDomainBody, response: { 201: DomainSchema, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse } } },
    async (request, reply) => reply.status(201).send(toDomainResponse(await directory.createDomain(requireUser(request), request.body))),
  );
  app.patch(
    '/domains/:id',
    { schema: { tags, summary: 'Change a domain (admins)', params: IdParams, body: UpdateDomainBody, response: { 200: DomainSchema, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => toDomainResponse(await directory.updateDomain(requireUser(request), request.params.id, request.body)),
  );

  app.get(
    '/services',
    { schema: { tags, security: [], querystring: Type.Object({ domain: Type.Optional(Type.String()), specialty: Type.Optional(Type.String()) }), response: { 200: Type.Array(ServiceSchema) } } },
    (request) => directory.services({ domainId: request.query.domain, specialty: request.query.specialty }),
  );

  app.get(
    '/professionals',
    { schema: { tags, summary: 'Search professionals (name search ignores accents and case)', security: [], querystring: ProfessionalQuery, response: { 200: Type.Array(ProfessionalSchema) } } },
    async (request) => {
      const { domain, specialty, language, name, service } = request.query;
      const professionals = await directory.professionals({ domainId: domain, specialty, language, name, serviceId: service });
      return professionals.map(publicProfessional);
    },
  );
  app.get(
    '/professionals/:id',
    { schema: { tags, security: [], params: IdParams, response: { 200: ProfessionalSchema, 404: ErrorResponse } } },
    async (request) => publicProfessional(await directory.professional(request.params.id)),
  );
};
