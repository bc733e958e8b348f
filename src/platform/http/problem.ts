import type { FastifyReply } from 'fastify';

/** One bad input: the parameter or field, and why it was refused. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** An RFC 9457 problem details document. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invalid_params?: InvalidParam[];
}

/** Thrown anywhere in a request to answer with a problem (4xx) rather than a 500. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly invalidParams?: InvalidParam[],
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  toProblem(instance?: string): Problem {
    return {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.invalidParams?.length ? { invalid_params: this.invalidParams } : {}),
    };
  }
}

/** A 400 naming each bad parameter. */
export function badRequest(invalidParams: InvalidParam[]): HttpProblem {
  const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join('; ');
  return new HttpProblem(400, 'Your request has a problem', detail, invalidParams);
}

export function notFound(detail = 'There is nothing at this address.'): HttpProblem {
  return new HttpProblem(404, 'Not found', detail);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}
