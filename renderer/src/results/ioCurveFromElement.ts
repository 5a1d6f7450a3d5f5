// Turns the backend's ElementData into the IO-curve figure's input (status name, response unit, score name).
import type { ElementData } from '../../../main/contract';
import { ELEMENT_STATUS_NAMES } from '../../../main/contract';
import type { IoCurve } from './ioCurveTraces';
import { responseUnit } from './figureStyle';

export function ioCurveFromElement(d: ElementData, scoreName: string): IoCurve {
  return {
    element: d.element,
    response: d.response,
    qoi: d.qoi,
    fun: d.fun,
    scoreName,
    score: d.score,
    status: (ELEMENT_STATUS_NAMES as Record<number, string>)[d.status] ?? `status ${d.status}`,
    paramNames: d.paramNames,
    params: d.params,
    e: d.e,
    y: d.y,
    curveE: d.curveX,
    curveY: d.curveY,
    responseUnit: responseUnit(d.response),
    ...(d.signed ? { signed: d.signed } : {}),
  };
}
